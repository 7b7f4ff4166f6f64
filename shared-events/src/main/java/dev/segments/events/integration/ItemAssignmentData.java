package dev.segments.events.integration;

import dev.segments.events.item.ItemType;
import java.util.Map;

/** The {@code data} of {@code item-assignment-created} and {@code -updated}: the assignment as the API returns it. */
public record ItemAssignmentData(String segmentId, ItemType type, IdReference item, Map<String, Object> mixins,
                                 Metadata metadata) {
}
