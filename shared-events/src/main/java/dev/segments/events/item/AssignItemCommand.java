package dev.segments.events.item;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates or updates a product's or category's assignment to a segment; optional version check. */
public record AssignItemCommand(ItemAssignmentIdentity identity, Map<String, Object> mixins,
                                Map<String, Object> metadataMixins, Long expectedVersion) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return identity.aggregateId();
    }
}
