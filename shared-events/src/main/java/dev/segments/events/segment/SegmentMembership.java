package dev.segments.events.segment;

import java.time.Instant;
import java.util.List;

/**
 * Restricts segment queries to the segments a customer belongs to: directly (B2C) or, when
 * {@code legalEntityIds} is not null, also through those legal entities (B2B); a null list means through
 * any legal entity. With {@code activeAt} only segments active at that moment count.
 */
public record SegmentMembership(String customerId, List<String> legalEntityIds, Instant activeAt) {
}
