package dev.segments.query.rebuild;

import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Where a rebuild reads the event store: the storage engine the tracking processors read through (the same
 * statements, transaction filter, gap-aware tokens and upcasters, so a rebuild misses no event a processor would
 * see), but fetching a rebuild batch per query. Through the event store's stream each fetch took the processors'
 * small batch, one round trip (and one look at the open transactions) per hundred events.
 */
@FunctionalInterface
public interface RebuildEventSource {

    /** The events after {@code token} (from the first with none), in order; the stream ends where the store does. */
    Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token);
}
