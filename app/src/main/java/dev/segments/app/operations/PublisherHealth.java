package dev.segments.app.operations;

import dev.segments.command.consistency.ProcessorPositions;
import dev.segments.query.publisher.EventPublishing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka publisher's state, for {@code /actuator/health} ("eventPublisher") and as gauges, in the style of
 * {@link ProcessorHealth}: how far it trails the event store (events, and the age of the oldest event not yet
 * published), whether it is stuck in error and retrying, and whether the broker answers. DOWN when the broker
 * does not answer, the publisher is in error, or it trails by more than the configured bounds; UNKNOWN (which
 * leaves the overall status alone) while publishing is parked because no broker is configured. Load balancers
 * use {@code /actuator/health/readiness}, which leaves this component out: a Kafka outage delays events, it is
 * no reason to stop serving.
 */
public class PublisherHealth implements HealthIndicator, MeterBinder, DisposableBean {

    private static final Duration CACHED_FOR = Duration.ofSeconds(1);
    private static final Duration BROKER_CHECKED_FOR = Duration.ofSeconds(5);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);
    private static final String PROCESSOR = EventPublishing.PROCESSING_GROUP;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final long maxLag;
    private final Duration maxLagAge;
    private final Supplier<Map<String, Object>> adminProperties;
    private final boolean configured;
    private volatile Snapshot cached;
    private volatile Broker broker;
    private Admin admin;

    /**
     * {@code adminProperties} is null when no broker is configured (publishing parked); otherwise the Kafka admin
     * client settings used to ask the broker whether it is there.
     */
    public PublisherHealth(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                           Clock clock, long maxLag, Duration maxLagAge, Supplier<Map<String, Object>> adminProperties) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
        this.clock = clock;
        this.maxLag = maxLag;
        this.maxLagAge = maxLagAge;
        this.adminProperties = adminProperties;
        this.configured = adminProperties != null;
    }

    private record Snapshot(Instant takenAt, long head, long position, long lag, double lagSeconds, String error) {
    }

    private record Broker(Instant checkedAt, boolean up, String problem) {
    }

    @Override
    public Health health() {
        Snapshot snapshot = snapshot(true);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", !configured ? "PARKED" : snapshot.error() != null ? "ERROR" : "PUBLISHING");
        details.put("position", snapshot.position());
        details.put("head", snapshot.head());
        details.put("lag", snapshot.lag());
        details.put("lagSeconds", snapshot.lagSeconds());
        if (!configured) {
            details.put("reason", "no Kafka broker configured (SPRING_KAFKA_BOOTSTRAP_SERVERS): events wait in the "
                    + "event store and are published from the start once one is");
            return Health.unknown().withDetails(details).build();
        }
        Broker reachable = broker(true);
        details.put("broker", reachable.up() ? "UP" : "DOWN");
        if (reachable.problem() != null) {
            details.put("brokerProblem", reachable.problem());
        }
        if (snapshot.error() != null) {
            details.put("error", snapshot.error());
        }
        boolean down = !reachable.up() || snapshot.error() != null || snapshot.lag() > maxLag
                || snapshot.lagSeconds() > maxLagAge.toSeconds();
        return (down ? Health.down() : snapshot.position() < 0 ? Health.unknown() : Health.up())
                .withDetails(details).build();
    }

    /**
     * Gauges: {@code segments.processor.lag} and {@code segments.processor.lag.seconds} with {@code processor} =
     * the publisher (next to the projections'), and {@code segments.publisher.broker.up} (1 or 0; absent while
     * parked).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "segments.processor.lag", "Events in the store this processor has not processed yet",
                Snapshot::lag);
        gauge(registry, "segments.processor.lag.seconds", "Age of the oldest event this processor has not "
                + "processed yet", Snapshot::lagSeconds);
        if (configured) {
            Gauge.builder("segments.publisher.broker.up", () -> broker(false).up() ? 1 : 0)
                    .description("Whether the Kafka broker of the integration events answers")
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, () -> value.applyAsDouble(snapshot(false)))
                .tag("processor", PROCESSOR)
                .description(description)
                .register(registry);
    }

    private Snapshot snapshot(boolean fresh) {
        Snapshot last = cached;
        Instant now = clock.instant();
        if (!fresh && last != null && last.takenAt().plus(CACHED_FOR).isAfter(now)) {
            return last;
        }
        long position = new ProcessorPositions(jdbc, serializer, List.of(PROCESSOR)).read().position(PROCESSOR);
        long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        List<String> oldest = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ? "
                + "order by global_index limit 1", String.class, position);
        double lagSeconds = oldest.isEmpty() ? 0
                : Math.max(0, Duration.between(Instant.parse(oldest.get(0)), now).toMillis() / 1000.0);
        Snapshot snapshot = new Snapshot(now, head, position, position < 0 ? head : Math.max(0, head - position),
                lagSeconds, error());
        cached = snapshot;
        return snapshot;
    }

    private String error() {
        return processing.eventProcessor(PROCESSOR, StreamingEventProcessor.class)
                .flatMap(running -> running.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState).findFirst())
                .map(status -> status.getError() == null ? "in error" : status.getError().toString())
                .orElse(null);
    }

    /** Whether the broker answered a metadata request lately (asked at most every 5 s, waiting at most 2 s). */
    private Broker broker(boolean fresh) {
        Broker last = broker;
        Instant now = clock.instant();
        if (last != null && last.checkedAt().plus(fresh ? CACHED_FOR : BROKER_CHECKED_FOR).isAfter(now)) {
            return last;
        }
        Broker checked;
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) BROKER_TIMEOUT.toMillis()))
                    .nodes().get(BROKER_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            checked = new Broker(now, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checked = new Broker(now, false, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            checked = new Broker(now, false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        broker = checked;
        return checked;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>(adminProperties.get());
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "segment-service-health");
            admin = Admin.create(properties);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
