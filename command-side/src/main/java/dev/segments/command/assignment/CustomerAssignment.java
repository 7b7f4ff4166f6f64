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
import java.time.Instant;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One customer's (or one customer-for-a-legal-entity's) assignment to one generation of a segment. Being
 * its own aggregate keeps every assignment command independent of how many members the segment has; the
 * segment's existence is checked against the command-side registry, under a row lock, in the same
 * transaction. Its decisions are functions of its {@link AssignmentState}, shared with the set-based bulk
 * handler, which decides many assignments at once without loading each aggregate.
 */
@Aggregate(type = CustomerAssignmentIdentity.AGGREGATE_TYPE)
class CustomerAssignment {

    @AggregateIdentifier
    private String aggregateId;
    private AssignmentState state = AssignmentState.NONE;

    protected CustomerAssignment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(AssignCustomerCommand command, SegmentRegistry registry, Clock clock) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        Object event = decide(command, state, clock.instant());
        apply(event);
        return new Change(id.customerId(), AssignmentState.creates(event), id.aggregateId(),
                state.lastSequenceNumber());
    }

    @CommandHandler
    Change handle(UnassignCustomerCommand command, SegmentRegistry registry, Clock clock) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        Optional<Object> event = decide(command, state, clock.instant());
        event.ifPresent(AggregateLifecycle::apply);
        return new Change(id.customerId(), false, id.aggregateId(), event.isPresent() ? state.lastSequenceNumber() : -1);
    }

    /** An assignment when the assignment is not live, else an update (after the version check). */
    static Object decide(AssignCustomerCommand command, AssignmentState state, Instant now) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.checkMixins(command.mixins(), command.metadataMixins());
        if (!state.live()) {
            return new CustomerAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                    id.legalEntityId(), command.mixins(), command.metadataMixins(), 1, now);
        }
        AssignmentRules.checkVersion(command.expectedVersion(), state.version());
        return new CustomerAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), command.mixins(), command.metadataMixins(), state.version() + 1, now);
    }

    /** A removal when the assignment is live; nothing when it is not (removing it changes nothing). */
    static Optional<Object> decide(UnassignCustomerCommand command, AssignmentState state, Instant now) {
        CustomerAssignmentIdentity id = command.identity();
        return state.live() ? Optional.of(new CustomerUnassignedEvent(id.tenant(), id.segmentId(), id.generation(),
                id.customerId(), id.legalEntityId(), now)) : Optional.empty();
    }

    @EventSourcingHandler
    void on(CustomerAssignedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new CustomerAssignmentIdentity(event.tenant(), event.segmentId(), event.generation(),
                event.customerId(), event.legalEntityId()).aggregateId();
        state = AssignmentState.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(CustomerAssignmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        state = AssignmentState.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(CustomerUnassignedEvent event, @SequenceNumber long sequenceNumber) {
        state = AssignmentState.after(event, sequenceNumber);
    }
}
