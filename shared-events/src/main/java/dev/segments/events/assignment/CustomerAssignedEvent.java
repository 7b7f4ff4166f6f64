package dev.segments.events.assignment;

import java.time.Instant;
import java.util.Map;

/** A customer was assigned to a segment (manually, through the API); version is 1. */
public record CustomerAssignedEvent(String tenant, String segmentId, long generation, String customerId,
                                    String legalEntityId, Map<String, Object> mixins,
                                    Map<String, Object> metadataMixins, long version, Instant assignedAt) {
}
