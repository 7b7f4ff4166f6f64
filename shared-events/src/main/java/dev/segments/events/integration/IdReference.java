package dev.segments.events.integration;

/**
 * A customer, legal entity or catalog item referred to by id. The API joins names from its reference-data replica
 * when it answers; events carry the id only, since the replica may know more (or less) by the time a consumer
 * reads them, and consumers own their copy of that data anyway.
 */
public record IdReference(String id) {
}
