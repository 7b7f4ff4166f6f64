/** The segment history endpoint. */
package dev.segments.query.audit.web;
