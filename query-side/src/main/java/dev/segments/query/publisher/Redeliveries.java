package dev.segments.query.publisher;

import io.cloudevents.CloudEvent;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-delivers stored events to the integration topic on an operator's request: from a time or a position,
 * optionally of one tenant and up to a time. Each one goes out as the same CloudEvent the live publisher sent
 * (same {@code id}, topic, key and content), because every affected segment's events are handed from the segment's
 * first event on to the same publishing code ({@link IntegrationPublisher#publish}) with its state in memory
 * ({@link ReplayBatch}); only the requested events are sent. It runs on a thread and a Kafka producer of its own,
 * so live publishing is neither delayed nor reordered; it reads the store through the same tx-id-filtered stream as
 * the processors. Its state and count are kept in {@code redelivery}, so any node answers for it. Present only where
 * a broker is configured.
 */
@Component
@Conditional(EventPublishing.Configured.class)
public class Redeliveries {

    private static final Logger log = LoggerFactory.getLogger(Redeliveries.class);
    /** How long the stream may deliver nothing before the range's last event (then the re-delivery fails). */
    private static final Duration MAX_IDLE = Duration.ofMinutes(2);

    private final IntegrationPublisher publisher;
    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final DefaultKafkaProducerFactory<String, CloudEvent> producers;
    private final PublisherProperties properties;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redelivery");
        thread.setDaemon(true);
        return thread;
    });

    Redeliveries(IntegrationPublisher publisher, JdbcTemplate jdbc, EventStore eventStore,
                 DefaultKafkaProducerFactory<String, CloudEvent> integrationEventProducerFactory,
                 PublisherProperties properties) {
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.producers = integrationEventProducerFactory;
        this.properties = properties;
    }

    /** What to re-deliver: from a position or from a time (one of them), optionally one tenant, up to a time. */
    public record Request(Long fromPosition, Instant from, Instant to, String tenant) {

        boolean covers(long index, Instant time, String aggregate) {
            return (fromPosition == null || index >= fromPosition) && (from == null || !time.isBefore(from))
                    && (to == null || !time.isAfter(to)) && (tenant == null || aggregate.startsWith(tenant + ":"));
        }
    }

    /** Starts a re-delivery in the background (one at a time per node, in order); answers its id. */
    public String start(Request request) {
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into redelivery (id, state, published, from_position, from_time, to_time, tenant, "
                        + "requested_at) values (?, 'RUNNING', 0, ?, ?, ?, ?, now())", id, request.fromPosition(),
                timestamp(request.from()), timestamp(request.to()), request.tenant());
        executor.submit(() -> run(id, request));
        return id;
    }

    /** A re-delivery's state ({@code RUNNING}, {@code DONE}, {@code FAILED}), how many events it published. */
    public Optional<Map<String, Object>> status(String id) {
        return jdbc.query("select id, state, published, error from redelivery where id = ?", (rs, row) -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("id", rs.getString("id"));
            status.put("state", rs.getString("state"));
            status.put("published", rs.getLong("published"));
            if (rs.getString("error") != null) {
                status.put("error", rs.getString("error"));
            }
            return status;
        }, id).stream().findFirst();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(String id, Request request) {
        Map<String, Object> config = new HashMap<>(producers.getConfigurationProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "segment-service-redelivery-" + id.substring(0, 8));
        DefaultKafkaProducerFactory<String, CloudEvent> own = new DefaultKafkaProducerFactory<>(config);
        try {
            // which segments have events in the range, and where the range ends in the store
            Set<String> segments = new HashSet<>();
            long[] last = {-1};
            jdbc.query("select global_index, time_stamp, aggregate_identifier from domain_event_entry "
                    + "where global_index >= ? order by global_index", rs -> {
                String aggregate = rs.getString(3);
                if (request.covers(rs.getLong(1), Instant.parse(rs.getString(2)), aggregate)) {
                    segments.add(segmentOf(aggregate));
                    last[0] = rs.getLong(1);
                }
            }, request.fromPosition() == null ? 0 : request.fromPosition());
            ReplayBatch batch = new ReplayBatch(new KafkaTemplate<>(own), properties.deliveryTimeout().toMillis());
            if (!segments.isEmpty()) {
                long reported = 0;
                try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                    Instant idleSince = null;
                    while (!Thread.currentThread().isInterrupted()) {
                        if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                            // the range's last event is stored; an open older transaction may hold it back a while
                            idleSince = idleSince == null ? Instant.now() : idleSince;
                            if (Instant.now().isAfter(idleSince.plus(MAX_IDLE))) {
                                throw new IllegalStateException("The event store delivered no event for "
                                        + MAX_IDLE.toSeconds() + " s before position " + last[0]);
                            }
                            continue;
                        }
                        idleSince = null;
                        TrackedEventMessage<?> event = stream.nextAvailable();
                        long index = position(event.trackingToken());
                        if (event instanceof DomainEventMessage<?> domain
                                && segments.contains(segmentOf(domain.getAggregateIdentifier()))) {
                            batch.sending(request.covers(index, event.getTimestamp(), domain.getAggregateIdentifier()));
                            publisher.publish(event, batch);
                            if (batch.sent() - reported >= properties.batchSize()) {
                                batch.awaitSends();
                                reported = batch.sent();
                                jdbc.update("update redelivery set published = ? where id = ?", reported, id);
                            }
                        }
                        if (index >= last[0]) {
                            break;
                        }
                    }
                }
            }
            batch.awaitSends();
            jdbc.update("update redelivery set state = 'DONE', published = ?, finished_at = now() where id = ?",
                    batch.sent(), id);
            log.info("Re-delivery {} done: {} events published", id, batch.sent());
        } catch (Exception e) {
            log.error("Re-delivery {} failed", id, e);
            String message = String.valueOf(e.getMessage());
            jdbc.update("update redelivery set state = 'FAILED', error = ?, finished_at = now() where id = ?",
                    message.length() > 2000 ? message.substring(0, 2000) : message, id);
        } finally {
            own.destroy();
        }
    }

    /** {@code tenant:segmentId} of a segment's or an assignment's stream. */
    private static String segmentOf(String aggregate) {
        int first = aggregate.indexOf(':');
        int second = aggregate.indexOf(':', first + 1);
        return second < 0 ? aggregate : aggregate.substring(0, second);
    }

    private static long position(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex();
        }
        return token == null ? -1 : token.position().orElse(-1);
    }

    private static java.sql.Timestamp timestamp(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }
}
