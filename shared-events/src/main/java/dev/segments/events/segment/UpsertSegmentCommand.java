package dev.segments.events.segment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces a segment's details, creating it when absent. A non-null {@code expectedVersion} must equal the
 * current version, otherwise the change is rejected as stale.
 */
public record UpsertSegmentCommand(String tenant, String segmentId, SegmentDetails details, Long expectedVersion) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return new SegmentIdentity(tenant, segmentId).aggregateId();
    }
}
