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
@Aggregate(type = CustomerAssignmentIdentity.AGGREGATE_TYPE)
class CustomerAssignment {

    @AggregateIdentifier
    private String aggregateId;
    private State state = State.NONE;

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
        return change(id, event instanceof CustomerAssignedEvent);
    }

    /**
     * The event an assignment command appends to an assignment in the given state: an assignment when it is
     * not live, else an update (after the version check). Shared with the set-based bulk handler, which
     * decides many assignments at once without loading each aggregate.
     */
    static Object decide(AssignCustomerCommand command, State state, Instant now) {
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

    @CommandHandler
    Change handle(UnassignCustomerCommand command, SegmentRegistry registry, Clock clock) {
        CustomerAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        if (!state.live()) {
            return new Change(id.customerId(), false, aggregateId, -1);
        }
        apply(new CustomerUnassignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), clock.instant()));
        return change(id, false);
    }

    private Change change(CustomerAssignmentIdentity id, boolean created) {
        return new Change(id.customerId(), created, aggregateId, state.lastSequenceNumber());
    }

    @EventSourcingHandler
    void on(CustomerAssignedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new CustomerAssignmentIdentity(event.tenant(), event.segmentId(), event.generation(),
                event.customerId(), event.legalEntityId()).aggregateId();
        state = State.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(CustomerAssignmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        state = State.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(CustomerUnassignedEvent event, @SequenceNumber long sequenceNumber) {
        state = State.after(event, sequenceNumber);
    }

    /**
     * What the assignment's decisions depend on. Every event carries the full version, so the last event
     * alone determines it: the bulk handler reads only that one per assignment.
     */
    record State(boolean live, long version, long lastSequenceNumber) {

        static final State NONE = new State(false, 0, -1);

        static State after(Object event, long sequenceNumber) {
            if (event instanceof CustomerAssignedEvent assigned) {
                return new State(true, assigned.version(), sequenceNumber);
            }
            if (event instanceof CustomerAssignmentUpdatedEvent updated) {
                return new State(true, updated.version(), sequenceNumber);
            }
            if (event instanceof CustomerUnassignedEvent) {
                return new State(false, 0, sequenceNumber);
            }
            throw new IllegalArgumentException("Not a customer assignment event: " + event.getClass().getName());
        }
    }
}
