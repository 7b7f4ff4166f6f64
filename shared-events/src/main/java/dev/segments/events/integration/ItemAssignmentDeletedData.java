package dev.segments.events.integration;

import dev.segments.events.item.ItemType;

/** The {@code data} of {@code item-assignment-deleted}: the ids of the assignment that went. */
public record ItemAssignmentDeletedData(String segmentId, ItemType type, IdReference item) {
}
