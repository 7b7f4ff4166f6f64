package dev.segments.events.audit;

import java.time.Instant;
import java.util.List;

/**
 * A page of a segment's history, oldest first: entries at or after {@code from} and before {@code to} (either
 * may be null), of the given integration event types (null: all). {@code pageNumber} is 1-based.
 */
public record FindSegmentHistoryQuery(String tenant, String segmentId, Instant from, Instant to, List<String> types,
                                      int pageNumber, int pageSize, boolean withTotal) {
}
