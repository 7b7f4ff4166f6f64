package dev.segments.events.integration;

import java.util.Map;

/**
 * The {@code data} of {@code customer-assignment-created} and {@code -updated}: the assignment as the API returns
 * it, plus the segment it belongs to; {@code legalEntity} is absent for a B2C assignment.
 */
public record CustomerAssignmentData(String segmentId, IdReference customer, IdReference legalEntity,
                                     String assignmentType, Map<String, Object> mixins, Metadata metadata) {
}
