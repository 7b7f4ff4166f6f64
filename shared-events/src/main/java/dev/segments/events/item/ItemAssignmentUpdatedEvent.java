package dev.segments.events.item;

import java.time.Instant;
import java.util.Map;

/** An existing item assignment's mixins were replaced. */
public record ItemAssignmentUpdatedEvent(String tenant, String segmentId, long generation, ItemType type,
                                         String itemId, Map<String, Object> mixins,
                                         Map<String, Object> metadataMixins, long version, Instant modifiedAt) {
}
