/** The consistency check: every projection row against its streams in the event store, and repair by re-projecting. */
package dev.segments.query.consistency;
