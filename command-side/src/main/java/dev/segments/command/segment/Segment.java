package dev.segments.command.segment;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.segments.events.segment.CreateSegmentCommand;
import dev.segments.events.segment.DeleteSegmentCommand;
import dev.segments.events.segment.PatchSegmentCommand;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.events.segment.UpsertSegmentCommand;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer segment of one tenant. The event stream of an id outlives deletion: a deleted segment can be
 * created again, which starts a new life at version 1 on the same stream, so "an id exists once per tenant"
 * is guaranteed by the event store's unique (aggregate, sequence) key rather than by a separate table.
 */
@Aggregate(type = SegmentIdentity.AGGREGATE_TYPE)
class Segment {

    @AggregateIdentifier
    private String aggregateId;
    private String segmentId;
    private boolean live;
    private SegmentDetails details;
    private long version;
    private long lastSequenceNumber = -1;

    protected Segment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(CreateSegmentCommand command, Clock clock) {
        if (live) {
            throw new CommandRejectedException(CommandRejectedException.Reason.ALREADY_EXISTS,
                    "The resource already exists.");
        }
        SegmentValidator.validate(command.details());
        apply(new SegmentCreatedEvent(command.tenant(), command.segmentId(), command.details(), 1,
                clock.instant()));
        return change(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(UpsertSegmentCommand command, Clock clock) {
        SegmentValidator.validate(command.details());
        if (!live) {
            apply(new SegmentCreatedEvent(command.tenant(), command.segmentId(), command.details(), 1,
                    clock.instant()));
            return change(true);
        }
        checkVersion(command.expectedVersion());
        apply(new SegmentUpdatedEvent(command.tenant(), command.segmentId(), command.details(), version + 1,
                clock.instant()));
        return change(false);
    }

    @CommandHandler
    Change handle(PatchSegmentCommand command, SegmentPatcher patcher, Clock clock) {
        if (!live) {
            throw CommandRejectedException.notFound(command.segmentId());
        }
        SegmentDetails patched = patcher.apply(details, command.operations());
        SegmentValidator.validate(patched);
        apply(new SegmentUpdatedEvent(command.tenant(), command.segmentId(), patched, version + 1,
                clock.instant()));
        return change(false);
    }

    @CommandHandler
    Change handle(DeleteSegmentCommand command, SegmentAssignments assignments, Clock clock) {
        if (!live) {
            return new Change(command.segmentId(), false, aggregateId, -1);
        }
        assignments.lockForDelete(command.tenant(), command.segmentId());
        if (!command.force() && assignments.exist(command.tenant(), command.segmentId())) {
            throw new CommandRejectedException(CommandRejectedException.Reason.HAS_ASSIGNMENTS,
                    "The segment " + command.segmentId()
                            + " has assignments; delete it with forceDelete=true to remove them too.");
        }
        apply(new SegmentDeletedEvent(command.tenant(), command.segmentId(), command.force(), clock.instant()));
        return change(false);
    }

    private void checkVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw new CommandRejectedException(CommandRejectedException.Reason.STALE_VERSION,
                    "The resource you are attempting to access has changed.");
        }
    }

    private Change change(boolean created) {
        return new Change(segmentId, created, aggregateId, lastSequenceNumber);
    }

    @EventSourcingHandler
    void on(SegmentCreatedEvent event, @SequenceNumber long sequenceNumber) {
        aggregateId = new SegmentIdentity(event.tenant(), event.segmentId()).aggregateId();
        segmentId = event.segmentId();
        live = true;
        details = event.details();
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(SegmentUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        details = event.details();
        version = event.version();
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(SegmentDeletedEvent event, @SequenceNumber long sequenceNumber) {
        live = false;
        details = null;
        version = 0;
        lastSequenceNumber = sequenceNumber;
    }
}
