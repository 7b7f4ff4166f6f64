package dev.segments.query.publisher;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The publisher's state rebuilt in memory for a re-delivery: the segments' generation, liveness and resource, and
 * the live assignments, as the live publisher had them when it published each event, because every affected
 * segment's events are handed to the same publishing code from the segment's first event on. Only events the
 * re-delivery asked for are sent (on a producer of its own); the others only move the state on.
 */
final class ReplayBatch extends PublisherBatch {

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final long deliveryTimeoutMillis;
    private final Map<String, SegmentState> segments = new HashMap<>();
    private final TreeMap<String, Instant> assignments = new TreeMap<>();
    private final List<CompletableFuture<?>> sends = new ArrayList<>();
    private boolean sending;
    private long sent;

    ReplayBatch(KafkaTemplate<String, CloudEvent> kafka, long deliveryTimeoutMillis) {
        super(null, kafka, deliveryTimeoutMillis);
        this.kafka = kafka;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
    }

    /** Whether the events handed over next are re-delivered (else they only move the state on). */
    void sending(boolean sending) {
        this.sending = sending;
    }

    long sent() {
        return sent;
    }

    @Override
    void send(ProducerRecord<String, CloudEvent> record) {
        if (sending) {
            sends.add(kafka.send(record));
            sent++;
        }
    }

    @Override
    void awaitSends() {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(deliveryTimeoutMillis + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the re-delivered records: " + e.getMessage(), e);
        }
        sends.clear();
    }

    @Override
    void preload(java.util.Collection<SegmentKey> segmentKeys, java.util.Collection<AssignmentKey> assignmentKeys) {
        // the state is in memory
    }

    @Override
    SegmentState segment(String tenant, String segmentId) {
        return segments.getOrDefault(tenant + ":" + segmentId, SegmentState.NONE);
    }

    @Override
    void segment(String tenant, String segmentId, SegmentState state) {
        segments.put(tenant + ":" + segmentId, state);
    }

    @Override
    Optional<Instant> assignment(String tenant, String segmentId, long generation, String key) {
        return Optional.ofNullable(assignments.get(prefix(tenant, segmentId, generation) + key));
    }

    @Override
    void assigned(String tenant, String segmentId, long generation, String key, Instant createdAt) {
        assignments.put(prefix(tenant, segmentId, generation) + key, createdAt);
    }

    @Override
    void unassigned(String tenant, String segmentId, long generation, String key) {
        assignments.remove(prefix(tenant, segmentId, generation) + key);
    }

    @Override
    List<String> assignmentPage(String tenant, String segmentId, long generation, String after, int size) {
        String prefix = prefix(tenant, segmentId, generation);
        List<String> page = new ArrayList<>();
        for (String key : assignments.tailMap(prefix + after, false).keySet()) {
            if (!key.startsWith(prefix) || page.size() == size) {
                break;
            }
            page.add(key.substring(prefix.length()));
        }
        return page;
    }

    @Override
    void forgetAssignments(String tenant, String segmentId, long generation) {
        String prefix = prefix(tenant, segmentId, generation);
        assignments.subMap(prefix, prefix + Character.MAX_VALUE).clear();
    }

    @Override
    void flush() {
        // nothing is stored
    }

    private static String prefix(String tenant, String segmentId, long generation) {
        return tenant + ":" + segmentId + ":" + generation + ":";
    }
}
