package dev.segments.events.item;

import java.time.Instant;
import java.util.Map;

/** A product or category was assigned to a segment; version is 1. */
public record ItemAssignedEvent(String tenant, String segmentId, long generation, ItemType type, String itemId,
                                Map<String, Object> mixins, Map<String, Object> metadataMixins, long version,
                                Instant assignedAt) {
}
