package dev.segments.events.integration;

/** The {@code data} of {@code customer-assignment-deleted}: the ids of the assignment that went. */
public record CustomerAssignmentDeletedData(String segmentId, IdReference customer, IdReference legalEntity) {
}
