package dev.segments.events.segment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes a live segment; with {@code force} also when assignments still exist (they go with it). */
public record DeleteSegmentCommand(String tenant, String segmentId, boolean force) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return new SegmentIdentity(tenant, segmentId).aggregateId();
    }
}
