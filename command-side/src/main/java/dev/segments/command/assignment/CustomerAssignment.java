package dev.segments.command.assignment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.segments.command.Change;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.assignment.UnassignCustomerCommand;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One customer's (or one customer-for-a-legal-entity's) assignment to one generation of a segment. Being
 * its own aggregate keeps every assignment command independent of how many members the segment has; the
 * segment's existence is checked against the command-side registry, under a row lock, in the same
 * transaction.
 */
@Aggregate
class CustomerAssignment {

    @AggregateIdentifier
    private String aggregateId;
    private boolean live;
    private long version;
    private long lastSequenceNumber = -1;

    protected CustomerAssignment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(AssignCustomerCommand command, SegmentRegistry registry, Clock clock) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        AssignmentRules.checkMixins(command.mixins(), command.metadataMixins());
        if (!live) {
            apply(new CustomerAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                    id.legalEntityId(), command.mixins(), command.metadataMixins(), 1, clock.instant()));
            return change(id, true);
        }
        AssignmentRules.checkVersion(command.expectedVersion(), version);
        apply(new CustomerAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), command.mixins(), command.metadataMixins(), version + 1, clock.instant()));
        return change(id, false);
    }

    @CommandHandler
    Change handle(UnassignCustomerCommand command, SegmentRegistry registry, Clock clock) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        if (!live) {
            return new Change(id.customerId(), false, aggregateId, -1);
        }
        apply(new CustomerUnassignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), clock.instant()));
        return change(id, false);
    }

    private Change change(CustomerAssignmentIdentity id, boolean created) {
        return new Change(id.customerId(), created, aggregateId, lastSequenceNumber);
    }

    @EventSourcingHandler
    void on(CustomerAssignedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new CustomerAssignmentIdentity(event.tenant(), event.segmentId(), event.generation(),
                event.customerId(), event.legalEntityId()).aggregateId();
        live = true;
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(CustomerAssignmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(CustomerUnassignedEvent event, @SequenceNumber long sequenceNumber) {
        live = false;
        version = 0;
        lastSequenceNumber = sequenceNumber;
    }
}
