/** HTTP endpoints that read segments. */
package dev.segments.query.segment.web;
