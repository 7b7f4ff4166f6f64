package dev.segments.events.item;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes an item's assignment from a segment; removing one that does not exist changes nothing. */
public record UnassignItemCommand(ItemAssignmentIdentity identity) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return identity.aggregateId();
    }
}
