package dev.segments.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.segments.command.BulkOutcome;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.AssignCustomersCommand;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.assignment.UnassignCustomerCommand;
import dev.segments.events.assignment.UnassignCustomersCommand;
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.AssignItemsCommand;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemType;
import dev.segments.events.item.UnassignItemCommand;
import dev.segments.events.item.UnassignItemsCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The set-based bulk handler: it must decide every entry exactly as the {@link CustomerAssignment} and
 * {@link ItemAssignment} aggregates would, one after the other, from the last stored event of each stream, and
 * append to the same streams with the next sequence numbers; removals of assignments that are not there change
 * nothing.
 */
class AssignmentBulkHandlerTest {

    private static final String TENANT = "acme";
    private static final String SEGMENT = "summer-sale";
    private static final long GENERATION = 2;
    private static final Instant NOW = Instant.parse("2024-04-17T08:00:00Z");

    private final SegmentRegistry registry = mock(SegmentRegistry.class);
    private final AssignmentStreams streams = mock(AssignmentStreams.class);
    private final EventBus eventBus = mock(EventBus.class);
    private AssignmentBulkHandler handler;

    @BeforeEach
    void setUp() {
        handler = new AssignmentBulkHandler(registry, streams, eventBus, Clock.fixed(NOW, ZoneOffset.UTC));
        when(registry.lockLive(TENANT, SEGMENT, GENERATION)).thenReturn(true);
    }

    @Test
    void decidesEachEntryInOrderFromTheLastStoredEvent() {
        CustomerAssignmentIdentity updated = identity("updated", null);
        CustomerAssignmentIdentity removed = identity("removed", "le-1");
        CustomerAssignmentIdentity fresh = identity("fresh", null);
        when(streams.lastEvents(any())).thenReturn(Map.of(
                updated.aggregateId(), stored(updated, 4, new CustomerAssignmentUpdatedEvent(TENANT, SEGMENT,
                        GENERATION, "updated", null, null, null, 3, NOW)),
                removed.aggregateId(), stored(removed, 2, new CustomerUnassignedEvent(TENANT, SEGMENT, GENERATION,
                        "removed", "le-1", NOW))));

        List<BulkOutcome> outcomes = handler.handle(new AssignCustomersCommand(List.of(
                assign(updated, 3L),
                assign(removed, 9L),
                assign(fresh, null),
                assign(fresh, 1L),
                assign(updated, 3L))));

        assertThat(outcomes).extracting(BulkOutcome::change).containsExactly(
                new Change("updated", false, updated.aggregateId(), 5),
                new Change("removed", true, removed.aggregateId(), 3),
                new Change("fresh", true, fresh.aggregateId(), 0),
                new Change("fresh", false, fresh.aggregateId(), 1),
                null);
        assertThat(outcomes.get(4).rejection().reason()).isEqualTo(Reason.STALE_VERSION);

        List<DomainEventMessage<?>> appended = appended();
        assertThat(appended).extracting(DomainEventMessage::getAggregateIdentifier).containsExactly(
                updated.aggregateId(), removed.aggregateId(), fresh.aggregateId(), fresh.aggregateId());
        assertThat(appended).extracting(DomainEventMessage::getSequenceNumber).containsExactly(5L, 3L, 0L, 1L);
        assertThat(appended).extracting(DomainEventMessage::getType).containsOnly("CustomerAssignment");
        assertThat(appended).extracting(event -> (Object) event.getPayload()).containsExactly(
                new CustomerAssignmentUpdatedEvent(TENANT, SEGMENT, GENERATION, "updated", null, null, null, 4, NOW),
                new CustomerAssignedEvent(TENANT, SEGMENT, GENERATION, "removed", "le-1", null, null, 1, NOW),
                new CustomerAssignedEvent(TENANT, SEGMENT, GENERATION, "fresh", null, null, null, 1, NOW),
                new CustomerAssignmentUpdatedEvent(TENANT, SEGMENT, GENERATION, "fresh", null, null, null, 2, NOW));
    }

    @Test
    void rejectsAnEntryWithOversizedMixinsAndAppliesTheOthers() {
        CustomerAssignmentIdentity good = identity("good", null);
        Map<String, Object> tooDeep = Map.of();
        for (int depth = 0; depth <= 16; depth++) {
            tooDeep = Map.of("n", tooDeep);
        }
        List<BulkOutcome> outcomes = handler.handle(new AssignCustomersCommand(List.of(
                new AssignCustomerCommand(identity("bad", null), tooDeep, null, null), assign(good, null))));

        assertThat(outcomes.get(0).rejection().reason()).isEqualTo(Reason.INVALID);
        assertThat(outcomes.get(1).change()).isEqualTo(new Change("good", true, good.aggregateId(), 0));
        assertThat(appended()).extracting(DomainEventMessage::getAggregateIdentifier)
                .containsExactly(good.aggregateId());
    }

    @Test
    void locksTheAddressedStreamsOnceEachBeforeReadingThem() {
        CustomerAssignmentIdentity first = identity("first", null);
        CustomerAssignmentIdentity second = identity("second", "le-1");
        handler.handle(new AssignCustomersCommand(List.of(assign(first, null), assign(second, null),
                assign(first, null))));

        InOrder order = inOrder(registry, streams, eventBus);
        order.verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        order.verify(streams).lock(new LinkedHashSet<>(List.of(first.aggregateId(), second.aggregateId())));
        order.verify(streams).lastEvents(any());
        order.verify(eventBus).publish(any(List.class));
    }

    @Test
    void rejectsEveryEntryWithNotFoundWhenTheSegmentIsNotLive() {
        when(registry.lockLive(TENANT, SEGMENT, GENERATION)).thenReturn(false);

        List<BulkOutcome> outcomes = handler.handle(new AssignCustomersCommand(List.of(
                assign(identity("a", null), null), assign(identity("b", null), null))));

        assertThat(outcomes).extracting(outcome -> outcome.rejection().reason())
                .containsExactly(Reason.NOT_FOUND, Reason.NOT_FOUND);
        verifyNoInteractions(streams);
        verify(eventBus, never()).publish(any(List.class));
    }

    @Test
    void removesLiveCustomerAssignmentsAndLeavesAbsentOnesAlone() {
        CustomerAssignmentIdentity live = identity("live", null);
        CustomerAssignmentIdentity gone = identity("gone", "le-1");
        CustomerAssignmentIdentity never = identity("never", null);
        when(streams.lastEvents(any())).thenReturn(Map.of(
                live.aggregateId(), stored(live, 1, new CustomerAssignmentUpdatedEvent(TENANT, SEGMENT, GENERATION,
                        "live", null, null, null, 2, NOW)),
                gone.aggregateId(), stored(gone, 4, new CustomerUnassignedEvent(TENANT, SEGMENT, GENERATION, "gone",
                        "le-1", NOW))));

        List<BulkOutcome> outcomes = handler.handle(new UnassignCustomersCommand(List.of(
                new UnassignCustomerCommand(live), new UnassignCustomerCommand(gone),
                new UnassignCustomerCommand(never), new UnassignCustomerCommand(live))));

        assertThat(outcomes).extracting(BulkOutcome::change).containsExactly(
                new Change("live", false, live.aggregateId(), 2),
                new Change("gone", false, gone.aggregateId(), -1),
                new Change("never", false, never.aggregateId(), -1),
                new Change("live", false, live.aggregateId(), -1));
        assertThat(appended()).extracting(event -> (Object) event.getPayload()).containsExactly(
                new CustomerUnassignedEvent(TENANT, SEGMENT, GENERATION, "live", null, NOW));
    }

    @Test
    void decidesItemAssignmentsAndRemovalsLikeTheItemAggregate() {
        ItemAssignmentIdentity category = new ItemAssignmentIdentity(TENANT, SEGMENT, GENERATION, ItemType.CATEGORY,
                "tools");
        ItemAssignmentIdentity product = new ItemAssignmentIdentity(TENANT, SEGMENT, GENERATION, ItemType.PRODUCT, "p1");
        when(streams.lastEvents(any())).thenReturn(Map.of(category.aggregateId(), new GenericDomainEventMessage<>(
                "ItemAssignment", category.aggregateId(), 0, new ItemAssignedEvent(TENANT, SEGMENT, GENERATION,
                ItemType.CATEGORY, "tools", null, null, 1, NOW))));

        List<BulkOutcome> assigned = handler.handle(new AssignItemsCommand(List.of(
                new AssignItemCommand(category, Map.of("n", 1), null, 1L),
                new AssignItemCommand(product, null, null, null),
                new AssignItemCommand(product, null, null, 7L))));

        assertThat(assigned).extracting(BulkOutcome::change).containsExactly(
                new Change("tools", false, category.aggregateId(), 1),
                new Change("p1", true, product.aggregateId(), 0),
                null);
        assertThat(assigned.get(2).rejection().reason()).isEqualTo(Reason.STALE_VERSION);
        assertThat(appended()).extracting(DomainEventMessage::getType).containsOnly("ItemAssignment");

        List<BulkOutcome> removed = handler.handle(new UnassignItemsCommand(List.of(
                new UnassignItemCommand(category))));
        assertThat(removed).extracting(BulkOutcome::change).containsExactly(
                new Change("tools", false, category.aggregateId(), 1));
    }

    private static CustomerAssignmentIdentity identity(String customerId, String legalEntityId) {
        return new CustomerAssignmentIdentity(TENANT, SEGMENT, GENERATION, customerId, legalEntityId);
    }

    private static AssignCustomerCommand assign(CustomerAssignmentIdentity identity, Long expectedVersion) {
        return new AssignCustomerCommand(identity, null, null, expectedVersion);
    }

    private static DomainEventMessage<?> stored(CustomerAssignmentIdentity identity, long sequenceNumber,
                                                Object event) {
        return new GenericDomainEventMessage<>("CustomerAssignment", identity.aggregateId(), sequenceNumber, event);
    }

    @SuppressWarnings("unchecked")
    private List<DomainEventMessage<?>> appended() {
        ArgumentCaptor<List<DomainEventMessage<?>>> captor = ArgumentCaptor.forClass(List.class);
        verify(eventBus).publish(captor.capture());
        return new ArrayList<>(captor.getValue());
    }
}
