/** HTTP endpoints that change customer assignments. */
package dev.segments.command.assignment.web;
