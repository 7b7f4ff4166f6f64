package dev.segments.app.operations;

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

    private final ProcessorStates states;
    private final Clock clock;
    private final long maxLag;
    private final Duration maxLagAge;
    private final Supplier<Map<String, Object>> adminProperties;
    private final boolean configured;
    private volatile Broker broker;
    private Admin admin;

    /**
     * {@code adminProperties} is null when no broker is configured (publishing parked); otherwise the Kafka admin
     * client settings used to ask the broker whether it is there.
     */
    public PublisherHealth(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                           Clock clock, long maxLag, Duration maxLagAge, Supplier<Map<String, Object>> adminProperties) {
        this.states = new ProcessorStates(jdbc, serializer, processing, clock, List.of(PROCESSOR));
        this.clock = clock;
        this.maxLag = maxLag;
        this.maxLagAge = maxLagAge;
        this.adminProperties = adminProperties;
        this.configured = adminProperties != null;
    }

    private record Broker(Instant checkedAt, boolean up, String problem) {
    }

    @Override
    public Health health() {
        ProcessorStates.Snapshot snapshot = states.snapshot(true);
        ProcessorStates.Status status = snapshot.statuses().get(PROCESSOR);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", !configured ? "PARKED" : status.error() != null ? "ERROR" : "PUBLISHING");
        details.put("position", status.position());
        details.put("head", snapshot.head());
        details.put("lag", status.lag());
        details.put("lagSeconds", status.lagSeconds());
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
        if (status.error() != null) {
            details.put("error", status.error());
        }
        boolean down = !reachable.up() || !status.healthy(maxLag, maxLagAge);
        return (down ? Health.down() : status.position() < 0 ? Health.unknown() : Health.up())
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
                ProcessorStates.Status::lag);
        gauge(registry, "segments.processor.lag.seconds", "Age of the oldest event this processor has not "
                + "processed yet", ProcessorStates.Status::lagSeconds);
        if (configured) {
            Gauge.builder("segments.publisher.broker.up", () -> broker(false).up() ? 1 : 0)
                    .description("Whether the Kafka broker of the integration events answers")
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description,
                       ToDoubleFunction<ProcessorStates.Status> value) {
        Gauge.builder(name, () -> value.applyAsDouble(states.snapshot(false).statuses().get(PROCESSOR)))
                .tag("processor", PROCESSOR)
                .description(description)
                .register(registry);
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
