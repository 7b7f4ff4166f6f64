package dev.segments.events.assignment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a customer's assignment from a segment; removing one that does not exist changes nothing. */
public record UnassignCustomerCommand(CustomerAssignmentIdentity identity) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return identity.aggregateId();
    }
}
