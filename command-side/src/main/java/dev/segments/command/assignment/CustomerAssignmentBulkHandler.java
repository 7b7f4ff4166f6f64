package dev.segments.command.assignment;

import dev.segments.command.BulkOutcome;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.AssignCustomersCommand;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Decides a bulk request's customer assignments together, in one transaction: the segment is checked once,
 * the state of all addressed assignments is read with one statement, and the resulting events are appended
 * in one batch to the same streams, with the same sequence numbers, that the {@link CustomerAssignment}
 * aggregate would have written one command at a time. The decisions themselves are the aggregate's
 * ({@link CustomerAssignment#decide}); only the loading and appending are set-based. A bulk request
 * written entry by entry paid a transaction, a commit flush and an aggregate load per entry.
 */
@Component
class CustomerAssignmentBulkHandler {

    private final SegmentRegistry registry;
    private final AssignmentStreams streams;
    private final EventBus eventBus;
    private final Clock clock;

    CustomerAssignmentBulkHandler(SegmentRegistry registry, AssignmentStreams streams, EventBus eventBus,
                                  Clock clock) {
        this.registry = registry;
        this.streams = streams;
        this.eventBus = eventBus;
        this.clock = clock;
    }

    @CommandHandler
    List<BulkOutcome> handle(AssignCustomersCommand command) {
        List<AssignCustomerCommand> assignments = command.assignments();
        CustomerAssignmentIdentity segment = command.segment();
        if (!registry.lockLive(segment.tenant(), segment.segmentId(), segment.generation())) {
            CommandRejectedException notFound = CommandRejectedException.notFound(segment.segmentId());
            return assignments.stream().map(assignment -> BulkOutcome.rejected(notFound)).toList();
        }
        Set<String> aggregateIds = new LinkedHashSet<>();
        assignments.forEach(assignment -> aggregateIds.add(assignment.aggregateId()));
        streams.lock(aggregateIds);
        Map<String, CustomerAssignment.State> states = new HashMap<>();
        streams.lastEvents(aggregateIds).forEach((aggregateId, event) ->
                states.put(aggregateId, CustomerAssignment.State.after(event.getPayload(), event.getSequenceNumber())));

        Instant now = clock.instant();
        List<DomainEventMessage<?>> events = new ArrayList<>(assignments.size());
        List<BulkOutcome> outcomes = new ArrayList<>(assignments.size());
        for (AssignCustomerCommand assignment : assignments) {
            String aggregateId = assignment.aggregateId();
            CustomerAssignment.State state = states.getOrDefault(aggregateId, CustomerAssignment.State.NONE);
            try {
                Object event = CustomerAssignment.decide(assignment, state, now);
                long sequenceNumber = state.lastSequenceNumber() + 1;
                events.add(new GenericDomainEventMessage<>(CustomerAssignmentIdentity.AGGREGATE_TYPE, aggregateId, sequenceNumber, event));
                states.put(aggregateId, CustomerAssignment.State.after(event, sequenceNumber));
                outcomes.add(BulkOutcome.applied(new Change(assignment.identity().customerId(),
                        event instanceof CustomerAssignedEvent, aggregateId, sequenceNumber)));
            } catch (CommandRejectedException e) {
                outcomes.add(BulkOutcome.rejected(e));
            }
        }
        eventBus.publish(events);
        return outcomes;
    }
}
