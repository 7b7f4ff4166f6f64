package dev.segments.app.operations;

import dev.segments.command.consistency.ProcessorPositions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where event processors stand against the event store, from their stored tokens (so it works for processors of
 * other nodes too): position, unprocessed events and the age of the oldest, parked events, and whether one runs
 * here in error. Read again when asked fresh (health) or when the last reading is a second old (gauges). Shared by
 * the projections' and the publisher's health, so both count lag the same way.
 */
final class ProcessorStates {

    private static final Duration CACHED_FOR = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final List<String> processors;
    private volatile Snapshot cached;

    ProcessorStates(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing, Clock clock,
                    List<String> processors) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
        this.clock = clock;
        this.processors = List.copyOf(processors);
    }

    List<String> processors() {
        return processors;
    }

    /** One processor's state at one moment; {@code position} -1 when it has none yet. */
    record Status(long position, long lag, double lagSeconds, long parked, String error) {

        boolean healthy(long maxLag, Duration maxLagAge) {
            return error == null && parked == 0 && lag <= maxLag && lagSeconds <= maxLagAge.toSeconds();
        }
    }

    /** Every processor's state, and the event store's head, at one moment. */
    record Snapshot(Instant takenAt, long head, Map<String, Status> statuses) {
    }

    /** The processors' state, read again when asked for health or when the last reading is a second old. */
    Snapshot snapshot(boolean fresh) {
        Snapshot last = cached;
        Instant now = clock.instant();
        if (!fresh && last != null && last.takenAt().plus(CACHED_FOR).isAfter(now)) {
            return last;
        }
        ProcessorPositions.Snapshot positions = new ProcessorPositions(jdbc, serializer, processors).read();
        long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        Map<String, Long> parked = new HashMap<>();
        jdbc.query("select processing_group, count(*) from dead_letter_entry where processing_group = any (?) "
                        + "group by processing_group",
                rs -> {
                    parked.put(rs.getString(1), rs.getLong(2));
                }, (Object) processors.toArray(String[]::new));
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (String processor : processors) {
            long position = positions.position(processor);
            Unprocessed unprocessed = position < 0 ? new Unprocessed(head, null)
                    : unprocessed(positions.tokens().get(processor), head);
            Instant oldest = unprocessed.oldest();
            double lagSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
            statuses.put(processor, new Status(position, unprocessed.events(), lagSeconds,
                    parked.getOrDefault(processor, 0L), error(processor)));
        }
        Snapshot snapshot = new Snapshot(now, head, statuses);
        cached = snapshot;
        return snapshot;
    }

    /** How many stored events a processor has not processed, and the time of the oldest of them (or null). */
    private record Unprocessed(long events, Instant oldest) {
    }

    /**
     * What a processor (its segments' tokens) has not processed: the events after its index, and the events
     * stored at one of its gaps. A gap where no event is stored is no work left: it is mostly a global index whose
     * transaction rolled back (a write that failed after its append), which Axon keeps as a gap until its gap
     * timeout in case a slow transaction still commits there.
     */
    private Unprocessed unprocessed(List<TrackingToken> tokens, long head) {
        long index = Long.MAX_VALUE;
        Set<Long> gaps = new TreeSet<>();
        for (TrackingToken token : tokens) {
            TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
            if (current instanceof GapAwareTrackingToken gapAware) {
                index = Math.min(index, gapAware.getIndex());
                gaps.addAll(gapAware.getGaps());
            } else {
                index = Math.min(index, current == null ? -1 : current.position().orElse(-1));
            }
        }
        long events = Math.max(0, head - index);
        List<String> first = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ? "
                + "order by global_index limit 1", String.class, index);
        Instant oldest = first.isEmpty() ? null : Instant.parse(first.get(0));
        if (!gaps.isEmpty()) {
            Long[] gapIndexes = gaps.toArray(Long[]::new);
            events += jdbc.queryForObject("select count(*) from domain_event_entry where global_index = any (?)",
                    Long.class, (Object) gapIndexes);
            List<String> inGap = jdbc.queryForList("select time_stamp from domain_event_entry "
                    + "where global_index = any (?) order by global_index limit 1", String.class, (Object) gapIndexes);
            if (!inGap.isEmpty()) {
                oldest = Instant.parse(inGap.get(0));
            }
        }
        return new Unprocessed(events, oldest);
    }

    /** Why the processor is stuck, when it runs in this process and is in error and retrying. */
    private String error(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .flatMap(running -> running.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState).findFirst())
                .map(status -> status.getError() == null ? "in error" : status.getError().toString())
                .orElse(null);
    }
}
