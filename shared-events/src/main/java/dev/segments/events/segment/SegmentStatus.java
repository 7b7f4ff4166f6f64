package dev.segments.events.segment;

/** Whether a segment is switched on; an ACTIVE segment still only applies inside its validity window. */
public enum SegmentStatus {
    ACTIVE,
    INACTIVE
}
