package dev.segments.events.assignment;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates or updates a customer's assignment to a segment of the given generation. A non-null
 * {@code expectedVersion} must equal the current version of an existing assignment.
 */
public record AssignCustomerCommand(CustomerAssignmentIdentity identity, Map<String, Object> mixins,
                                    Map<String, Object> metadataMixins, Long expectedVersion) {

    @TargetAggregateIdentifier
    public String aggregateId() {
        return identity.aggregateId();
    }
}
