/** HTTP endpoints that change segments. */
package dev.segments.command.segment.web;
