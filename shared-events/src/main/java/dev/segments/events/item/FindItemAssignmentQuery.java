package dev.segments.events.item;

/** One item assignment of a segment. */
public record FindItemAssignmentQuery(String tenant, String segmentId, ItemType type, String itemId) {
}
