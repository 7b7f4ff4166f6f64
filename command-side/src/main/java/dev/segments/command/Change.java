package dev.segments.command;

/**
 * What a successful command did: the id of the resource it touched, whether it created it, and the
 * event-store position (aggregate identifier and sequence number of its last event, or -1 when nothing was
 * appended) that reads must reach before the caller is answered.
 */
public record Change(String id, boolean created, String aggregateId, long lastSequenceNumber) {

    public boolean appended() {
        return lastSequenceNumber >= 0;
    }
}
