package dev.segments.events.assignment;

import java.time.Instant;

/**
 * One customer assignment of a live segment; {@code legalEntityId} null for B2C. With {@code asOf}, as it was at
 * that instant (the audit projection's versions); null: now.
 */
public record FindCustomerAssignmentQuery(String tenant, String segmentId, String customerId,
                                          String legalEntityId, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindCustomerAssignmentQuery(String tenant, String segmentId, String customerId,
                                          String legalEntityId) {
        this(tenant, segmentId, customerId, legalEntityId, null);
    }
}
