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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One product's or category's assignment to one generation of a segment; like {@link CustomerAssignment},
 * its own small aggregate so no command grows with the segment's size.
 */
@Aggregate(type = ItemAssignmentIdentity.AGGREGATE_TYPE)
class ItemAssignment {

    @AggregateIdentifier
    private String aggregateId;
    private boolean live;
    private long version;
    private long lastSequenceNumber = -1;

    protected ItemAssignment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(AssignItemCommand command, SegmentRegistry registry, Clock clock) {
        ItemAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        AssignmentRules.checkMixins(command.mixins(), command.metadataMixins());
        if (!live) {
            apply(new ItemAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                    command.mixins(), command.metadataMixins(), 1, clock.instant()));
            return change(id, true);
        }
        AssignmentRules.checkVersion(command.expectedVersion(), version);
        apply(new ItemAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                command.mixins(), command.metadataMixins(), version + 1, clock.instant()));
        return change(id, false);
    }

    @CommandHandler
    Change handle(UnassignItemCommand command, SegmentRegistry registry, Clock clock) {
        ItemAssignmentIdentity id = command.identity();
        AssignmentRules.requireLiveSegment(registry, id.tenant(), id.segmentId(), id.generation());
        if (!live) {
            return new Change(id.itemId(), false, aggregateId, -1);
        }
        apply(new ItemUnassignedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                clock.instant()));
        return change(id, false);
    }

    private Change change(ItemAssignmentIdentity id, boolean created) {
        return new Change(id.itemId(), created, aggregateId, lastSequenceNumber);
    }

    @EventSourcingHandler
    void on(ItemAssignedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new ItemAssignmentIdentity(event.tenant(), event.segmentId(), event.generation(), event.type(),
                event.itemId()).aggregateId();
        live = true;
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ItemAssignmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ItemUnassignedEvent event, @SequenceNumber long sequenceNumber) {
        live = false;
        version = 0;
        lastSequenceNumber = sequenceNumber;
    }
}
