package dev.segments.command.segment;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.CreateSegmentCommand;
import dev.segments.events.segment.DeleteSegmentCommand;
import dev.segments.events.segment.PatchSegmentCommand;
import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.events.segment.UpsertSegmentCommand;
import dev.segments.events.segment.Validity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
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
 *
 * <p>It also records when it becomes active (status ACTIVE and now inside its validity window) and stops being
 * active: a write that changes that appends {@link SegmentActivatedEvent} or {@link SegmentDeactivatedEvent} in
 * the same command, and every future boundary of an ACTIVE segment's window is a persistent deadline whose
 * handler appends the change when the window opens or closes with no request at all. The handler decides from
 * the recorded state, so a deadline that fires twice, late, or for a window edited since changes nothing more.
 */
@Aggregate(type = SegmentIdentity.AGGREGATE_TYPE)
class Segment {

    /** The deadline raised at each future validity boundary of an ACTIVE segment. */
    static final String VALIDITY_BOUNDARY = "segment-validity-boundary";
    /** The caller recorded on the events a validity boundary raises (no request, so no token subject). */
    static final String SCHEDULER_CALLER = "validity-scheduler";

    @AggregateIdentifier
    private String aggregateId;
    private String tenant;
    private String segmentId;
    private boolean live;
    private boolean active;
    private SegmentDetails details;
    private long version;
    private long lastSequenceNumber = -1;

    protected Segment() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(CreateSegmentCommand command, Clock clock, DeadlineManager deadlines) {
        if (live) {
            throw new CommandRejectedException(CommandRejectedException.Reason.ALREADY_EXISTS,
                    "The resource already exists.");
        }
        SegmentValidator.validate(command.details());
        Instant now = clock.instant();
        apply(new SegmentCreatedEvent(command.tenant(), command.segmentId(), command.details(), 1, now));
        settleActivation(now);
        scheduleBoundaries(deadlines, null, now);
        return change(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Change handle(UpsertSegmentCommand command, Clock clock, DeadlineManager deadlines) {
        SegmentValidator.validate(command.details());
        Instant now = clock.instant();
        if (!live) {
            apply(new SegmentCreatedEvent(command.tenant(), command.segmentId(), command.details(), 1, now));
            settleActivation(now);
            scheduleBoundaries(deadlines, null, now);
            return change(true);
        }
        checkVersion(command.expectedVersion());
        SegmentDetails before = details;
        apply(new SegmentUpdatedEvent(command.tenant(), command.segmentId(), command.details(), version + 1, now));
        settleActivation(now);
        scheduleBoundaries(deadlines, before, now);
        return change(false);
    }

    @CommandHandler
    Change handle(PatchSegmentCommand command, SegmentPatcher patcher, Clock clock, DeadlineManager deadlines) {
        if (!live) {
            throw CommandRejectedException.notFound(command.segmentId());
        }
        SegmentDetails patched = patcher.apply(details, command.operations());
        SegmentValidator.validate(patched);
        Instant now = clock.instant();
        SegmentDetails before = details;
        apply(new SegmentUpdatedEvent(command.tenant(), command.segmentId(), patched, version + 1, now));
        settleActivation(now);
        scheduleBoundaries(deadlines, before, now);
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
        Instant now = clock.instant();
        if (active) {
            apply(new SegmentDeactivatedEvent(command.tenant(), command.segmentId(), now));
        }
        apply(new SegmentDeletedEvent(command.tenant(), command.segmentId(), command.force(), now));
        return change(false);
    }

    /**
     * A validity boundary was reached (or passed while no node ran). Appends the change of the active state, if
     * there is one: the recorded state decides, so a duplicate or stale firing appends nothing. A deadline never
     * counts as earlier than the boundary it was scheduled for, so that a node whose clock runs a little behind
     * the one that fired it still sees the window open or closed.
     */
    @DeadlineHandler(deadlineName = VALIDITY_BOUNDARY)
    void on(ValidityBoundary boundary, Clock clock) {
        if (!live) {
            return;
        }
        Instant now = clock.instant();
        settleActivation(now.isBefore(boundary.at()) ? boundary.at() : now);
    }

    /** Appends the activation or deactivation that the current details imply at {@code now}, if any. */
    private void settleActivation(Instant now) {
        boolean shouldBeActive = live && details.isActiveAt(now);
        if (shouldBeActive && !active) {
            apply(new SegmentActivatedEvent(tenant, segmentId, now));
        } else if (!shouldBeActive && active) {
            apply(new SegmentDeactivatedEvent(tenant, segmentId, now));
        }
    }

    /**
     * Schedules a deadline at each future boundary of an ACTIVE segment's window that the details before this
     * change did not schedule already (so an update that leaves status and validity alone schedules nothing).
     * Deadlines of a window edited since are not cancelled: cancelling by scope scans every scheduled deadline,
     * and a stale one finds nothing to change when it fires.
     */
    private void scheduleBoundaries(DeadlineManager deadlines, SegmentDetails before, Instant now) {
        for (Instant boundary : boundaries(details)) {
            if (boundary.isAfter(now) && !boundaries(before).contains(boundary)) {
                deadlines.schedule(boundary, VALIDITY_BOUNDARY, GenericDeadlineMessage.asDeadlineMessage(
                        VALIDITY_BOUNDARY, new ValidityBoundary(boundary), boundary).andMetaData(
                        new AuditMetadata(tenant, SCHEDULER_CALLER, "validity:" + aggregateId + ":" + boundary)
                                .asMap()));
            }
        }
    }

    private static List<Instant> boundaries(SegmentDetails details) {
        if (details == null || details.status() != SegmentStatus.ACTIVE || details.validity() == null) {
            return List.of();
        }
        Validity validity = details.validity();
        return Stream.of(validity.from(), validity.to()).filter(Objects::nonNull).toList();
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
        tenant = event.tenant();
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
    void on(SegmentActivatedEvent event, @SequenceNumber long sequenceNumber) {
        active = true;
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(SegmentDeactivatedEvent event, @SequenceNumber long sequenceNumber) {
        active = false;
        lastSequenceNumber = sequenceNumber;
    }

    @EventSourcingHandler
    void on(SegmentDeletedEvent event, @SequenceNumber long sequenceNumber) {
        live = false;
        active = false;
        details = null;
        version = 0;
        lastSequenceNumber = sequenceNumber;
    }
}
