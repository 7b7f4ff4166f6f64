package dev.segments.query.processing;

import dev.segments.events.segment.SegmentIdentity;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * The events of one segment that a projection depends on (its own, and its assignments' of the kinds the
 * projection shows) form one sequence: they must be applied in order, and when one of them cannot be, the
 * rest of that segment waits with it in the dead-letter queue while other segments go on. Taken from the
 * aggregate identifier (every assignment's starts with its segment's), so no payload is deserialized for it.
 * Every other event is a no-op for the projection: they share one sequence that never holds a dead letter, so
 * they neither wait behind a parked segment nor cost a lookup each.
 */
final class SegmentSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    static final String UNRELATED = "unrelated";

    private final Set<String> aggregateTypes;

    SegmentSequencingPolicy(Set<String> aggregateTypes) {
        this.aggregateTypes = Set.copyOf(aggregateTypes);
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent && aggregateTypes.contains(domainEvent.getType())) {
            return SegmentIdentity.ofAggregate(domainEvent.getAggregateIdentifier()).aggregateId();
        }
        return UNRELATED;
    }
}
