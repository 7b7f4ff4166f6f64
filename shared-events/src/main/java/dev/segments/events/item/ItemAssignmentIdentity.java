package dev.segments.events.item;

/**
 * Identifies one item assignment within one generation of a segment (see
 * {@link dev.segments.events.assignment.CustomerAssignmentIdentity} for why the generation is part of it).
 */
public record ItemAssignmentIdentity(String tenant, String segmentId, long generation, ItemType type,
                                     String itemId) {

    /** The aggregate type item assignments are stored under in the event store. */
    public static final String AGGREGATE_TYPE = "ItemAssignment";

    public String aggregateId() {
        return tenant + ":" + segmentId + ":" + generation + ":" + assignmentKey();
    }

    /** The key of this assignment within its segment, as kept by the command side's registry. */
    public String assignmentKey() {
        return "item:" + type + ":" + itemId;
    }
}
