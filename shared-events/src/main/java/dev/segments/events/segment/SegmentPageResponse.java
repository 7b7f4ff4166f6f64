package dev.segments.events.segment;

import java.util.List;

/** One page of segments; {@code total} is the number of all matches, present only when it was asked for. */
public record SegmentPageResponse(List<SegmentResponse> segments, Long total) {
}
