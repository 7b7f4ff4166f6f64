package dev.segments.events.segment;

import java.time.Instant;
import java.util.Map;

/**
 * Everything a client controls about a segment. Localized fields are maps of BCP-47 language to text;
 * mixins are free-form JSON objects. Events carry the complete details so every consumer can rebuild the
 * resource from a single event.
 */
public record SegmentDetails(
        Map<String, String> name,
        Map<String, String> description,
        Validity validity,
        SegmentStatus status,
        String siteCode,
        Map<String, Object> mixins,
        Map<String, Object> metadataMixins) {

    /** Active means switched on and inside the validity window at the given moment. */
    public boolean isActiveAt(Instant moment) {
        return status == SegmentStatus.ACTIVE && (validity == null || validity.contains(moment));
    }
}
