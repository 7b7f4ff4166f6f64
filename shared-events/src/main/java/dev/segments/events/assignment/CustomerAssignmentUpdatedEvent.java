package dev.segments.events.assignment;

import java.time.Instant;
import java.util.Map;

/** An existing customer assignment's mixins were replaced. */
public record CustomerAssignmentUpdatedEvent(String tenant, String segmentId, long generation, String customerId,
                                             String legalEntityId, Map<String, Object> mixins,
                                             Map<String, Object> metadataMixins, long version, Instant modifiedAt) {
}
