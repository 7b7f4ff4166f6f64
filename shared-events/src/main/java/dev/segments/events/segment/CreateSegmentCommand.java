package dev.segments.events.segment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a segment; rejected when a live segment with that id exists (a deleted one may be created again). */
public record CreateSegmentCommand(String tenant, String segmentId, SegmentDetails details) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return new SegmentIdentity(tenant, segmentId).aggregateId();
    }
}
