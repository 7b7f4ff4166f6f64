package dev.segments.events.segment;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Applies a JSON Patch to a live segment's current details. The patch is applied inside the aggregate so a
 * concurrent change can never slip in between reading and writing.
 */
public record PatchSegmentCommand(String tenant, String segmentId, List<PatchOperation> operations) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return new SegmentIdentity(tenant, segmentId).aggregateId();
    }
}
