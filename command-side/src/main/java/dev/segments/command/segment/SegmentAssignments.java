package dev.segments.command.segment;

/**
 * What a delete needs to know about a segment's assignments, inside the command's transaction. The answers
 * come from command-side lookup tables kept in step with the event store (never from projections).
 */
public interface SegmentAssignments {

    /**
     * Locks the segment against assignment writes until the transaction ends. Taken by every delete, forced or
     * not, before its event is appended: an assignment in flight finishes first (its events are stored before
     * the deletion), and one that comes later finds the segment deleted. Nothing waits for a lock after the
     * append, where the transaction would hold its global index open.
     */
    void lockForDelete(String tenant, String segmentId);

    /** Whether the segment has customer or item assignments; call after {@link #lockForDelete}. */
    boolean exist(String tenant, String segmentId);
}
