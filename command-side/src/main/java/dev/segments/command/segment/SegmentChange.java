package dev.segments.command.segment;

/**
 * What a successful segment command did: whether it created the segment, and the event-store position
 * (aggregate identifier and sequence number of its last event, or -1 when nothing was appended) that reads
 * must reach before the caller is answered.
 */
public record SegmentChange(String segmentId, boolean created, String aggregateId, long lastSequenceNumber) {

    public boolean appended() {
        return lastSequenceNumber >= 0;
    }
}
