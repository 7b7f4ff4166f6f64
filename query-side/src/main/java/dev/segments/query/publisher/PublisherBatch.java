package dev.segments.query.publisher;

import dev.segments.query.processing.StagedStatements;
import io.cloudevents.CloudEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * assignments it has seen, in {@code publisher_segment} and {@code publisher_assignment}) is written in the
 * batch's transaction, in event order, as JDBC batches, so it always matches the committed token.
 */
class PublisherBatch {

    private static final String RESOURCE = PublisherBatch.class.getName();

    /** What the publisher knows of a segment: its generation, whether it is live, and its resource JSON. */
    record SegmentState(long generation, boolean live, byte[] resource) {
        static final SegmentState NONE = new SegmentState(0, false, null);
    }

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final long deliveryTimeoutMillis;
    private final StagedStatements statements = new StagedStatements();
    private final Map<String, SegmentState> segments = new HashMap<>();
    private final Map<String, Optional<Instant>> assignments = new HashMap<>();
    private final List<CompletableFuture<?>> sends = new ArrayList<>();

    PublisherBatch(JdbcTemplate jdbc, KafkaTemplate<String, CloudEvent> kafka, long deliveryTimeoutMillis) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
    }

    /** The batch of the current unit of work, settled when it prepares to commit. */
    static PublisherBatch current(JdbcTemplate jdbc, KafkaTemplate<String, CloudEvent> kafka,
                                  DefaultKafkaProducerFactory<String, CloudEvent> producers, long deliveryTimeoutMillis) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(RESOURCE, key -> {
            PublisherBatch batch = new PublisherBatch(jdbc, kafka, deliveryTimeoutMillis);
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

    SegmentState segment(String tenant, String segmentId) {
        return segments.computeIfAbsent(tenant + ":" + segmentId, key -> {
            List<SegmentState> found = jdbc.query("select generation, live, resource from publisher_segment "
                            + "where tenant = ? and segment_id = ?",
                    (rs, row) -> new SegmentState(rs.getLong(1), rs.getBoolean(2), rs.getBytes(3)), tenant, segmentId);
            return found.isEmpty() ? SegmentState.NONE : found.get(0);
        });
    }

    void segment(String tenant, String segmentId, SegmentState state) {
        segments.put(tenant + ":" + segmentId, state);
        stage("insert into publisher_segment (tenant, segment_id, generation, live, resource) values (?, ?, ?, ?, ?) "
                        + "on conflict (tenant, segment_id) do update set generation = excluded.generation, "
                        + "live = excluded.live, resource = excluded.resource",
                tenant, segmentId, state.generation(), state.live(), state.resource());
    }

    /** When the live assignment was created, or empty when the publisher knows no such assignment. */
    Optional<Instant> assignment(String tenant, String segmentId, long generation, String key) {
        return assignments.computeIfAbsent(assignmentKey(tenant, segmentId, generation, key), k -> {
            List<Timestamp> found = jdbc.queryForList("select created_at from publisher_assignment where tenant = ? "
                    + "and segment_id = ? and generation = ? and assignment_key = ?", Timestamp.class, tenant, segmentId,
                    generation, key);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).toInstant());
        });
    }

    void assigned(String tenant, String segmentId, long generation, String key, Instant createdAt) {
        assignments.put(assignmentKey(tenant, segmentId, generation, key), Optional.of(createdAt));
        stage("insert into publisher_assignment (tenant, segment_id, generation, assignment_key, created_at) "
                        + "values (?, ?, ?, ?, ?) on conflict (tenant, segment_id, generation, assignment_key) "
                        + "do update set created_at = excluded.created_at",
                tenant, segmentId, generation, key, Timestamp.from(createdAt));
    }

    void unassigned(String tenant, String segmentId, long generation, String key) {
        assignments.put(assignmentKey(tenant, segmentId, generation, key), Optional.empty());
        stage("delete from publisher_assignment where tenant = ? and segment_id = ? and generation = ? "
                + "and assignment_key = ?", tenant, segmentId, generation, key);
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
        String prefix = tenant + ":" + segmentId + ":" + generation + ":";
        assignments.keySet().removeIf(key -> key.startsWith(prefix));
    }

    private static String assignmentKey(String tenant, String segmentId, long generation, String key) {
        return tenant + ":" + segmentId + ":" + generation + ":" + key;
    }

    private void stage(String sql, Object... arguments) {
        statements.add(sql, arguments);
    }

    /** Runs the staged statements: consecutive runs of one statement as one JDBC batch. */
    void flush() {
        statements.flush(jdbc);
    }
}
