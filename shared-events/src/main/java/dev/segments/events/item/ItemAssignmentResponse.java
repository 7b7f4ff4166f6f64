package dev.segments.events.item;

import dev.segments.events.ResourceMetadata;
import java.util.Map;

/** An item assignment as the API returns it. */
public record ItemAssignmentResponse(String segmentId, ItemType type, ItemReference item, Map<String, Object> mixins,
                                     ResourceMetadata metadata) {
}
