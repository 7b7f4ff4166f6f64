package dev.segments.command.assignment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.segments.command.Change;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.item.UnassignItemCommand;
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
 * One product's or category's assignment to one generation of a segment; the same shape as
 * {@link CustomerAssignment}: its own small aggregate, so no command grows with the segment's size, deciding
 * through functions of its {@link AssignmentState} that the bulk handler shares.
 */
@Aggregate(type = ItemAssignmentIdentity.AGGREGATE_TYPE)
class ItemAssignment {

    @AggregateIdentifier
    private String aggregateId;
    private AssignmentState state = AssignmentState.NONE;

    protected ItemAssignment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(AssignItemCommand command, SegmentRegistry registry, Clock clock) {
        ItemAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        Object event = decide(command, state, clock.instant());
        apply(event);
        return new Change(id.itemId(), AssignmentState.creates(event), id.aggregateId(), state.lastSequenceNumber());
    }

    @CommandHandler
    Change handle(UnassignItemCommand command, SegmentRegistry registry, Clock clock) {
        ItemAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        Optional<Object> event = decide(command, state, clock.instant());
        event.ifPresent(AggregateLifecycle::apply);
        return new Change(id.itemId(), false, id.aggregateId(), event.isPresent() ? state.lastSequenceNumber() : -1);
    }

    /** An assignment when the assignment is not live, else an update (after the version check). */
    static Object decide(AssignItemCommand command, AssignmentState state, Instant now) {
        ItemAssignmentIdentity id = command.identity();
        AssignmentRules.checkMixins(command.mixins(), command.metadataMixins());
        if (!state.live()) {
            return new ItemAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                    command.mixins(), command.metadataMixins(), 1, now);
        }
        AssignmentRules.checkVersion(command.expectedVersion(), state.version());
        return new ItemAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                command.mixins(), command.metadataMixins(), state.version() + 1, now);
    }

    /** A removal when the assignment is live; nothing when it is not (removing it changes nothing). */
    static Optional<Object> decide(UnassignItemCommand command, AssignmentState state, Instant now) {
        ItemAssignmentIdentity id = command.identity();
        return state.live() ? Optional.of(new ItemUnassignedEvent(id.tenant(), id.segmentId(), id.generation(),
                id.type(), id.itemId(), now)) : Optional.empty();
    }

    @EventSourcingHandler
    void on(ItemAssignedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new ItemAssignmentIdentity(event.tenant(), event.segmentId(), event.generation(), event.type(),
                event.itemId()).aggregateId();
        state = AssignmentState.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(ItemAssignmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        state = AssignmentState.after(event, sequenceNumber);
    }

    @EventSourcingHandler
    void on(ItemUnassignedEvent event, @SequenceNumber long sequenceNumber) {
        state = AssignmentState.after(event, sequenceNumber);
    }
}
