package dev.segments.events.assignment;

/** One customer assignment of a live segment; {@code legalEntityId} null for B2C. */
public record FindCustomerAssignmentQuery(String tenant, String segmentId, String customerId,
                                          String legalEntityId) {
}
