package dev.segments.events.assignment;

import dev.segments.events.ResourceMetadata;
import java.util.Map;

/** A customer assignment as the API returns it; {@code legalEntity} is null for B2C assignments. */
public record CustomerAssignmentResponse(CustomerReference customer, LegalEntityReference legalEntity,
                                         String assignmentType, Map<String, Object> mixins,
                                         ResourceMetadata metadata) {
}
