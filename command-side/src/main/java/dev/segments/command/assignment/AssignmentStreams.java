package dev.segments.command.assignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads many assignment streams at once for the set-based bulk handler: one statement instead of one
 * aggregate load per entry. Runs inside the command's transaction.
 */
@Component
class AssignmentStreams {

    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final org.axonframework.config.Configuration axon;

    AssignmentStreams(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                      org.axonframework.config.Configuration axon) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
    }

    /**
     * Serializes bulk writers on the given streams until the transaction ends: transaction-scoped advisory
     * locks, taken in one order so that two bulk requests over overlapping customers queue instead of
     * deadlocking, and never both decide from the same state (which would make one of them fail on the event
     * store's unique key and retry the whole request). Single-assignment commands do not take these locks;
     * they race with a bulk request only through that unique key, which the command sender retries.
     */
    void lock(Collection<String> aggregateIds) {
        jdbc.query("select pg_advisory_xact_lock(k.h) from (select distinct hashtextextended(a, 0) as h "
                + "from unnest(?::text[]) as a order by h) as k", rs -> {
                }, (Object) aggregateIds.toArray(String[]::new));
    }

    /**
     * The last event of each stream that has any, upcast and deserialized like an aggregate load would, keyed
     * by aggregate identifier. Streams without events are absent.
     */
    Map<String, DomainEventMessage<?>> lastEvents(Collection<String> aggregateIds) {
        List<DomainEventData<?>> rows = new ArrayList<>(aggregateIds.size());
        // one backward index probe per stream: the plan cannot turn into a scan of the whole store, whatever
        // the statistics say (right after a large load they can be far behind)
        jdbc.query("select e.type, e.aggregate_identifier, e.sequence_number, e.event_identifier, e.time_stamp, "
                        + "e.payload_type, e.payload_revision, e.payload, e.meta_data from unnest(?::text[]) as a(id) "
                        + "cross join lateral (select * from domain_event_entry d where d.aggregate_identifier = a.id "
                        + "order by d.sequence_number desc limit 1) as e",
                rs -> {
                    rows.add(new GenericDomainEventEntry<>(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8),
                            rs.getBytes(9)));
                }, (Object) aggregateIds.toArray(String[]::new));
        Map<String, DomainEventMessage<?>> last = new HashMap<>();
        DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(), eventSerializer,
                axon.upcasterChain());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            last.put(event.getAggregateIdentifier(), event);
        }
        return last;
    }
}
