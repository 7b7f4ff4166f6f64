/** HTTP endpoints that read customer assignments. */
package dev.segments.query.assignment.web;
