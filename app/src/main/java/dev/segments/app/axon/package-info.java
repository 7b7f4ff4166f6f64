/** Axon wiring: PostgreSQL event store, JSON serialization, processors and audit metadata. */
package dev.segments.app.axon;
