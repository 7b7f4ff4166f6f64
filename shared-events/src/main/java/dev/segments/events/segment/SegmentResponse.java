package dev.segments.events.segment;

import java.time.Instant;
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
        Metadata metadata) {

    /** Bookkeeping the service maintains; {@code mixins} maps mixin names to their schema URLs. */
    public record Metadata(Instant createdAt, Instant modifiedAt, long version, Map<String, Object> mixins) {
    }
}
