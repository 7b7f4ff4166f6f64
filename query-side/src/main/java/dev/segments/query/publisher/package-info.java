/** The integration event publisher: the event store's changes as CloudEvents on Kafka, for downstream systems. */
package dev.segments.query.publisher;
