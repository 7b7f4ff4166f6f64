package dev.segments.query.processing;

import dev.segments.events.segment.SegmentIdentity;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * The events of one segment, its own and its assignments', form one sequence: they must be applied in order,
 * and when one of them cannot be, the rest of that segment waits with it in the dead-letter queue while other
 * segments go on. Taken from the aggregate identifier (every assignment's starts with its segment's), so no
 * payload is deserialized for it.
 */
final class SegmentSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    static final SegmentSequencingPolicy INSTANCE = new SegmentSequencingPolicy();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null
                && domainEvent.getAggregateIdentifier().indexOf(':') > 0) {
            return SegmentIdentity.ofAggregate(domainEvent.getAggregateIdentifier()).aggregateId();
        }
        return event.getIdentifier();
    }
}
