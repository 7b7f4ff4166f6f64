/** Segment messages: commands, events, queries and the values they carry. */
package dev.segments.events.segment;
