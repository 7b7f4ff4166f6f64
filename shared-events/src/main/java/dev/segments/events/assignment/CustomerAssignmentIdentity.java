package dev.segments.events.assignment;

/**
 * Identifies one customer assignment. The segment's generation (how many times its id was created) is part
 * of the aggregate identifier so that a segment created again after a forced delete starts empty, without
 * touching the old generation's assignment streams. B2C assignments have no legal entity.
 */
public record CustomerAssignmentIdentity(String tenant, String segmentId, long generation, String customerId,
                                         String legalEntityId) {

    /** The aggregate type customer assignments are stored under in the event store. */
    public static final String AGGREGATE_TYPE = "CustomerAssignment";

    public String aggregateId() {
        return tenant + ":" + segmentId + ":" + generation + ":customer:" + customerId
                + (legalEntityId == null ? "" : ":" + legalEntityId);
    }

    /** The key of this assignment within its segment, as kept by the command side's registry. */
    public String assignmentKey() {
        return "customer:" + customerId + (legalEntityId == null ? "" : ":" + legalEntityId);
    }
}
