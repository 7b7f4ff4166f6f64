package dev.segments.events.integration;

import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.util.Map;

/**
 * The {@code data} of {@code segment-updated}: the segment after the change, as the API returns it, and in
 * {@code previous} what status, validity and version it had before, so a consumer sees what changed without
 * keeping the segment itself.
 */
public record SegmentUpdatedData(String id, Map<String, String> name, Map<String, String> description,
                                 Validity validity, SegmentStatus status, String siteCode, Map<String, Object> mixins,
                                 Metadata metadata, Previous previous) {

    /** The version before the change: its status, validity window (null when it had none) and version. */
    public record Previous(SegmentStatus status, Validity validity, long version) {
    }
}
