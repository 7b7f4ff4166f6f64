package dev.segments.command.segment;

/**
 * Answers, inside the command's transaction, whether a segment still has customer or item assignments. The
 * answer comes from command-side lookup tables kept in step with the event store (never from projections),
 * so a delete without {@code forceDelete} cannot race an assignment into existence.
 */
public interface SegmentAssignments {

    boolean exist(String tenant, String segmentId);
}
