package dev.segments.events.audit;

import java.util.List;

/**
 * A page of a segment's history; {@code known} is false when the tenant never had a segment with that id (so the
 * API can tell an unknown segment, 404, from a filter that matches nothing).
 */
public record SegmentHistoryPageResponse(boolean known, List<HistoryEntryResponse> entries, Long total) {
}
