/** Customer assignments: one small aggregate per assignment, so no command grows with a segment's size. */
package dev.segments.command.assignment;
