package dev.segments.events.integration;

/**
 * The {@code data} of {@code segment-deleted}: the segment's id, and whether its assignments went with it (their
 * own deletions come first, under the same key).
 */
public record SegmentDeletedData(String id, boolean forced) {
}
