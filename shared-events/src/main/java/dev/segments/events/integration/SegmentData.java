package dev.segments.events.integration;

import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.util.Map;

/**
 * The {@code data} of {@code segment-created}, {@code segment-activated} and {@code segment-deactivated}: the
 * segment as {@code GET /segments/{id}} returns it, with every translation.
 */
public record SegmentData(String id, Map<String, String> name, Map<String, String> description, Validity validity,
                          SegmentStatus status, String siteCode, Map<String, Object> mixins, Metadata metadata) {
}
