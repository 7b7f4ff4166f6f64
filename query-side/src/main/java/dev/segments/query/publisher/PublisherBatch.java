package dev.segments.query.publisher;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One batch of the publisher's processor: the records it sent and the state it changed, settled together when
 * the batch's unit of work prepares to commit. The records go out asynchronously as the events are handled
 * (in order: one key stays on one partition, and the idempotent producer keeps a partition's order through
 * retries); before the token commits, every acknowledgement must be in, else the batch fails and Axon retries it
 * from the last token with back-off. A send that fails at once (no broker) fails the batch at once, so an outage
 * costs one bounded wait per attempt, not one per event. The publisher's own state (which segments and
 * assignments it has seen, in {@code publisher_segment} and {@code publisher_assignment}) is read for the whole
 * batch at once and written in the batch's transaction, each key once with its latest state, set-based, so it
 * always matches the committed token and costs a few round trips per batch, not one per event.
 */
class PublisherBatch {

    private static final String RESOURCE = PublisherBatch.class.getName();

    /** What the publisher knows of a segment: its generation, whether it is live, and its resource JSON. */
    record SegmentState(long generation, boolean live, byte[] resource) {
        static final SegmentState NONE = new SegmentState(0, false, null);
    }

    /** A segment, as its state is keyed. */
    record SegmentKey(String tenant, String segmentId) {
    }

    /** An assignment of a segment generation, as its creation time is keyed. */
    record AssignmentKey(String tenant, String segmentId, long generation, String key) {
    }

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final long deliveryTimeoutMillis;
    private final Map<SegmentKey, SegmentState> segments = new HashMap<>();
    private final Set<SegmentKey> changedSegments = new LinkedHashSet<>();
    private final Map<AssignmentKey, Optional<Instant>> assignments = new HashMap<>();
    private final Set<AssignmentKey> changedAssignments = new LinkedHashSet<>();
    private final List<CompletableFuture<?>> sends = new ArrayList<>();

    PublisherBatch(JdbcTemplate jdbc, KafkaTemplate<String, CloudEvent> kafka, long deliveryTimeoutMillis) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
    }

    /**
     * The batch of the current unit of work, settled when it prepares to commit; {@code starting} sees it first,
     * with the messages of the whole unit of work (the processor's batch).
     */
    static PublisherBatch current(JdbcTemplate jdbc, KafkaTemplate<String, CloudEvent> kafka,
                                  DefaultKafkaProducerFactory<String, CloudEvent> producers, long deliveryTimeoutMillis,
                                  BiConsumer<PublisherBatch, List<? extends Message<?>>> starting) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(RESOURCE, key -> {
            PublisherBatch batch = new PublisherBatch(jdbc, kafka, deliveryTimeoutMillis);
            starting.accept(batch, unitOfWork instanceof BatchingUnitOfWork<?> batching ? batching.getMessages()
                    : List.of(unitOfWork.getMessage()));
            unitOfWork.onPrepareCommit(committing -> {
                batch.flush();
                batch.awaitSends();
            });
            // the next attempt starts on a fresh producer: nothing of the failed one is still in flight with it
            unitOfWork.onRollback(rolledBack -> producers.reset());
            return batch;
        });
    }

    void send(ProducerRecord<String, CloudEvent> record) {
        CompletableFuture<?> sent = kafka.send(record);
        if (sent.isCompletedExceptionally()) {
            join(sent);
        }
        sends.add(sent);
    }

    /** Waits for every acknowledgement so far; fails when one failed or did not come within the delivery bound. */
    void awaitSends() {
        if (sends.isEmpty()) {
            return;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        try {
            all.get(deliveryTimeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + sends.size() + " record(s) in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record: " + e.getCause().getMessage(), e.getCause());
        }
        sends.clear();
    }

    private static void join(CompletableFuture<?> sent) {
        try {
            sent.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Kafka refused a record: " + cause.getMessage(), cause);
        }
    }

    /**
     * Reads, with one select each, the state of the segments and assignments this batch's events will ask for, so
     * that handling them costs no round trip per event. What is not stored is remembered as unknown.
     */
    void preload(Collection<SegmentKey> segmentKeys, Collection<AssignmentKey> assignmentKeys) {
        List<SegmentKey> missingSegments = segmentKeys.stream().filter(k -> !segments.containsKey(k)).distinct()
                .toList();
        if (!missingSegments.isEmpty()) {
            missingSegments.forEach(k -> segments.put(k, SegmentState.NONE));
            jdbc.query("select s.tenant, s.segment_id, s.generation, s.live, s.resource from publisher_segment s "
                            + "join unnest(?::text[], ?::text[]) as k(tenant, segment_id) using (tenant, segment_id)",
                    rs -> {
                        segments.put(new SegmentKey(rs.getString(1), rs.getString(2)),
                                new SegmentState(rs.getLong(3), rs.getBoolean(4), rs.getBytes(5)));
                    },
                    missingSegments.stream().map(SegmentKey::tenant).toArray(String[]::new),
                    missingSegments.stream().map(SegmentKey::segmentId).toArray(String[]::new));
        }
        List<AssignmentKey> missingAssignments = assignmentKeys.stream().filter(k -> !assignments.containsKey(k))
                .distinct().toList();
        if (!missingAssignments.isEmpty()) {
            missingAssignments.forEach(k -> assignments.put(k, Optional.empty()));
            jdbc.query("select a.tenant, a.segment_id, a.generation, a.assignment_key, a.created_at "
                            + "from publisher_assignment a join unnest(?::text[], ?::text[], ?::int8[], ?::text[]) "
                            + "as k(tenant, segment_id, generation, assignment_key) "
                            + "using (tenant, segment_id, generation, assignment_key)",
                    rs -> {
                        assignments.put(new AssignmentKey(rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getString(4)), Optional.of(rs.getTimestamp(5).toInstant()));
                    },
                    missingAssignments.stream().map(AssignmentKey::tenant).toArray(String[]::new),
                    missingAssignments.stream().map(AssignmentKey::segmentId).toArray(String[]::new),
                    missingAssignments.stream().mapToLong(AssignmentKey::generation).toArray(),
                    missingAssignments.stream().map(AssignmentKey::key).toArray(String[]::new));
        }
    }

    SegmentState segment(String tenant, String segmentId) {
        SegmentKey key = new SegmentKey(tenant, segmentId);
        SegmentState known = segments.get(key);
        if (known == null) {
            preload(List.of(key), List.of());
            known = segments.get(key);
        }
        return known;
    }

    void segment(String tenant, String segmentId, SegmentState state) {
        SegmentKey key = new SegmentKey(tenant, segmentId);
        segments.put(key, state);
        changedSegments.add(key);
    }

    /** When the live assignment was created, or empty when the publisher knows no such assignment. */
    Optional<Instant> assignment(String tenant, String segmentId, long generation, String key) {
        AssignmentKey assignment = new AssignmentKey(tenant, segmentId, generation, key);
        Optional<Instant> known = assignments.get(assignment);
        if (known == null) {
            preload(List.of(), List.of(assignment));
            known = assignments.get(assignment);
        }
        return known;
    }

    void assigned(String tenant, String segmentId, long generation, String key, Instant createdAt) {
        AssignmentKey assignment = new AssignmentKey(tenant, segmentId, generation, key);
        assignments.put(assignment, Optional.of(createdAt));
        changedAssignments.add(assignment);
    }

    void unassigned(String tenant, String segmentId, long generation, String key) {
        AssignmentKey assignment = new AssignmentKey(tenant, segmentId, generation, key);
        assignments.put(assignment, Optional.empty());
        changedAssignments.add(assignment);
    }

    /**
     * The keys of a segment generation's live assignments, one page at a time after {@code after} (in key
     * order), for a forced delete: never the whole membership in memory. Sees this batch's own changes.
     */
    List<String> assignmentPage(String tenant, String segmentId, long generation, String after, int size) {
        flush();
        return jdbc.queryForList("select assignment_key from publisher_assignment where tenant = ? and segment_id = ? "
                        + "and generation = ? and assignment_key > ? order by assignment_key limit ?", String.class,
                tenant, segmentId, generation, after, size);
    }

    /** Forgets every assignment of a segment generation (after their deletions were sent). */
    void forgetAssignments(String tenant, String segmentId, long generation) {
        flush();
        jdbc.update("delete from publisher_assignment where tenant = ? and segment_id = ? and generation = ?",
                tenant, segmentId, generation);
        assignments.keySet().removeIf(key -> key.generation() == generation && key.segmentId().equals(segmentId)
                && key.tenant().equals(tenant));
    }

    /**
     * Writes what changed since the last flush, set-based: the segments' last state in one upsert, the live
     * assignments in one upsert and the removed ones in one delete. Each key is written once, with its latest
     * state, so the order of the events within the batch does not matter here.
     */
    void flush() {
        if (!changedSegments.isEmpty()) {
            List<SegmentKey> keys = new ArrayList<>(changedSegments);
            List<SegmentState> states = keys.stream().map(segments::get).toList();
            jdbc.update("insert into publisher_segment (tenant, segment_id, generation, live, resource) "
                            + "select * from unnest(?::text[], ?::text[], ?::int8[], ?::bool[], ?::bytea[]) "
                            + "on conflict (tenant, segment_id) do update set generation = excluded.generation, "
                            + "live = excluded.live, resource = excluded.resource",
                    keys.stream().map(SegmentKey::tenant).toArray(String[]::new),
                    keys.stream().map(SegmentKey::segmentId).toArray(String[]::new),
                    states.stream().mapToLong(SegmentState::generation).toArray(),
                    booleans(states),
                    states.stream().map(SegmentState::resource).toArray(byte[][]::new));
            changedSegments.clear();
        }
        if (!changedAssignments.isEmpty()) {
            List<AssignmentKey> live = new ArrayList<>();
            List<AssignmentKey> removed = new ArrayList<>();
            for (AssignmentKey key : changedAssignments) {
                (assignments.get(key).isPresent() ? live : removed).add(key);
            }
            if (!removed.isEmpty()) {
                jdbc.update("delete from publisher_assignment a using unnest(?::text[], ?::text[], ?::int8[], "
                                + "?::text[]) as k(tenant, segment_id, generation, assignment_key) "
                                + "where a.tenant = k.tenant and a.segment_id = k.segment_id "
                                + "and a.generation = k.generation and a.assignment_key = k.assignment_key",
                        assignmentColumns(removed));
            }
            if (!live.isEmpty()) {
                Object[] columns = assignmentColumns(live);
                jdbc.update("insert into publisher_assignment (tenant, segment_id, generation, assignment_key, "
                                + "created_at) select * from unnest(?::text[], ?::text[], ?::int8[], ?::text[], "
                                + "?::timestamptz[]) on conflict (tenant, segment_id, generation, assignment_key) "
                                + "do update set created_at = excluded.created_at",
                        columns[0], columns[1], columns[2], columns[3],
                        // to the microsecond, rounded half up, as the JDBC driver sent a Timestamp before
                        live.stream().map(k -> IntegrationEvents.micros(assignments.get(k).orElseThrow()).toString())
                                .toArray(String[]::new));
            }
            changedAssignments.clear();
        }
    }

    private static Object[] assignmentColumns(List<AssignmentKey> keys) {
        return new Object[] {
                keys.stream().map(AssignmentKey::tenant).toArray(String[]::new),
                keys.stream().map(AssignmentKey::segmentId).toArray(String[]::new),
                keys.stream().mapToLong(AssignmentKey::generation).toArray(),
                keys.stream().map(AssignmentKey::key).toArray(String[]::new)};
    }

    private static boolean[] booleans(List<SegmentState> states) {
        boolean[] live = new boolean[states.size()];
        for (int i = 0; i < live.length; i++) {
            live[i] = states.get(i).live();
        }
        return live;
    }
}
