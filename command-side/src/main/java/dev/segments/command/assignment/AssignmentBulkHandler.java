package dev.segments.command.assignment;

import dev.segments.command.BulkOutcome;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.AssignCustomersCommand;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.UnassignCustomerCommand;
import dev.segments.events.assignment.UnassignCustomersCommand;
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.AssignItemsCommand;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.UnassignItemCommand;
import dev.segments.events.item.UnassignItemsCommand;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Decides a bulk request's assignments (customer or item, upserts or removals) together, in one transaction:
 * the segment is checked once, the state of all addressed assignments is read with one statement, and the
 * resulting events are appended in one batch to the same streams, with the same sequence numbers, that the
 * {@link CustomerAssignment} and {@link ItemAssignment} aggregates would have written one command at a time.
 * The decisions themselves are the aggregates' ({@code decide}); only the loading and appending are
 * set-based. A bulk request written entry by entry paid a transaction, a commit flush and an aggregate load
 * per entry.
 */
@Component
class AssignmentBulkHandler {

    private final SegmentRegistry registry;
    private final AssignmentStreams streams;
    private final EventBus eventBus;
    private final Clock clock;

    AssignmentBulkHandler(SegmentRegistry registry, AssignmentStreams streams, EventBus eventBus, Clock clock) {
        this.registry = registry;
        this.streams = streams;
        this.eventBus = eventBus;
        this.clock = clock;
    }

    @CommandHandler
    List<BulkOutcome> handle(AssignCustomersCommand command) {
        return decideAll(command.assignments(), AssignCustomerCommand::identity, CustomerAssignmentIdentity.AGGREGATE_TYPE,
                identity -> new Address(identity.tenant(), identity.segmentId(), identity.generation(),
                        identity.aggregateId(), identity.customerId()),
                (assignment, state, now) -> Optional.of(CustomerAssignment.decide(assignment, state, now)));
    }

    @CommandHandler
    List<BulkOutcome> handle(UnassignCustomersCommand command) {
        return decideAll(command.removals(), UnassignCustomerCommand::identity,
                CustomerAssignmentIdentity.AGGREGATE_TYPE,
                identity -> new Address(identity.tenant(), identity.segmentId(), identity.generation(),
                        identity.aggregateId(), identity.customerId()), CustomerAssignment::decide);
    }

    @CommandHandler
    List<BulkOutcome> handle(AssignItemsCommand command) {
        return decideAll(command.assignments(), AssignItemCommand::identity, ItemAssignmentIdentity.AGGREGATE_TYPE,
                identity -> new Address(identity.tenant(), identity.segmentId(), identity.generation(),
                        identity.aggregateId(), identity.itemId()),
                (assignment, state, now) -> Optional.of(ItemAssignment.decide(assignment, state, now)));
    }

    @CommandHandler
    List<BulkOutcome> handle(UnassignItemsCommand command) {
        return decideAll(command.removals(), UnassignItemCommand::identity, ItemAssignmentIdentity.AGGREGATE_TYPE,
                identity -> new Address(identity.tenant(), identity.segmentId(), identity.generation(),
                        identity.aggregateId(), identity.itemId()), ItemAssignment::decide);
    }

    /** Where an entry goes: its segment, its aggregate and the id its result reports. */
    private record Address(String tenant, String segmentId, long generation, String aggregateId, String resourceId) {
    }

    /** The event an entry appends to an assignment in the given state, if any; a rejection is thrown. */
    @FunctionalInterface
    private interface Decision<C> {
        Optional<Object> decide(C command, AssignmentState state, Instant now);
    }

    private <C, I> List<BulkOutcome> decideAll(List<C> commands, Function<C, I> identity, String aggregateType,
                                               Function<I, Address> addressOf, Decision<C> decision) {
        List<Address> addresses = commands.stream().map(identity).map(addressOf).toList();
        Address segment = addresses.get(0);
        if (!registry.lockLive(segment.tenant(), segment.segmentId(), segment.generation())) {
            CommandRejectedException notFound = CommandRejectedException.notFound(segment.segmentId());
            return commands.stream().map(command -> BulkOutcome.rejected(notFound)).toList();
        }
        Set<String> aggregateIds = new LinkedHashSet<>();
        addresses.forEach(address -> aggregateIds.add(address.aggregateId()));
        streams.lock(aggregateIds);
        Map<String, AssignmentState> states = new HashMap<>();
        streams.lastEvents(aggregateIds).forEach((aggregateId, event) ->
                states.put(aggregateId, AssignmentState.after(event.getPayload(), event.getSequenceNumber())));

        Instant now = clock.instant();
        List<DomainEventMessage<?>> events = new ArrayList<>(commands.size());
        List<BulkOutcome> outcomes = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            Address address = addresses.get(i);
            AssignmentState state = states.getOrDefault(address.aggregateId(), AssignmentState.NONE);
            try {
                Optional<Object> event = decision.decide(commands.get(i), state, now);
                if (event.isEmpty()) {
                    outcomes.add(BulkOutcome.applied(new Change(address.resourceId(), false, address.aggregateId(),
                            -1)));
                    continue;
                }
                long sequenceNumber = state.lastSequenceNumber() + 1;
                events.add(new GenericDomainEventMessage<>(aggregateType, address.aggregateId(), sequenceNumber,
                        event.get()));
                states.put(address.aggregateId(), AssignmentState.after(event.get(), sequenceNumber));
                outcomes.add(BulkOutcome.applied(new Change(address.resourceId(), AssignmentState.creates(event.get()),
                        address.aggregateId(), sequenceNumber)));
            } catch (CommandRejectedException e) {
                outcomes.add(BulkOutcome.rejected(e));
            }
        }
        if (!events.isEmpty()) {
            eventBus.publish(events);
        }
        return outcomes;
    }
}
