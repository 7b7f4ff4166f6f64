package dev.segments.events.segment;

import dev.segments.events.ResourceMetadata;
import java.util.Map;

/** A segment as the API returns it. */
public record SegmentResponse(
        String id,
        Map<String, String> name,
        Map<String, String> description,
        Validity validity,
        SegmentStatus status,
        String siteCode,
        Map<String, Object> mixins,
        ResourceMetadata metadata) {
}
