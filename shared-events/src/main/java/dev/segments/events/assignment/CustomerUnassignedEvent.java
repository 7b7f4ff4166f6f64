package dev.segments.events.assignment;

import java.time.Instant;

/** A customer's assignment to a segment was removed. */
public record CustomerUnassignedEvent(String tenant, String segmentId, long generation, String customerId,
                                      String legalEntityId, Instant unassignedAt) {
}
