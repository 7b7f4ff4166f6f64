package dev.segments.events.item;

import dev.segments.events.segment.SegmentMembership;

/** The category trees assigned to the active segments a customer belongs to, optionally of one site. */
public record FindCategoryTreesQuery(String tenant, SegmentMembership membership, String siteCode) {
}
