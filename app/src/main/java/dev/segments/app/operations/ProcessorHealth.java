package dev.segments.app.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The state of the event processors this node runs, for {@code /actuator/health} ("eventProcessors") and as
 * gauges: how far each trails the event store (in events, from its stored position, since Axon without Axon
 * Server has no lag gauge of its own, and in seconds: the age of the oldest event it has not processed), how
 * many events it parked as dead letters, and whether it is stuck in error and retrying (Axon's status, seen
 * within one health call). The component is DOWN when a processor is in error, has parked events, or trails by
 * more than the configured events or seconds; UNKNOWN while one has no position yet. Load balancers should
 * use {@code /actuator/health/readiness}, which leaves this component out: a stalled projection is an
 * operator's alarm, not a reason to stop serving.
 */
public class ProcessorHealth implements HealthIndicator, MeterBinder {

    private final ProcessorStates states;
    private final long maxLag;
    private final Duration maxLagAge;

    public ProcessorHealth(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                           Clock clock, long maxLag, Duration maxLagAge, List<String> processors) {
        this.states = new ProcessorStates(jdbc, serializer, processing, clock, processors);
        this.maxLag = maxLag;
        this.maxLagAge = maxLagAge;
    }

    @Override
    public Health health() {
        ProcessorStates.Snapshot snapshot = states.snapshot(true);
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        boolean starting = false;
        for (Map.Entry<String, ProcessorStates.Status> processor : snapshot.statuses().entrySet()) {
            ProcessorStates.Status status = processor.getValue();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("position", status.position());
            detail.put("lag", status.lag());
            detail.put("lagSeconds", status.lagSeconds());
            detail.put("parked", status.parked());
            if (status.error() != null) {
                detail.put("error", status.error());
            }
            details.put(processor.getKey(), detail);
            down |= !status.healthy(maxLag, maxLagAge);
            starting |= status.position() < 0;
        }
        details.put("head", snapshot.head());
        Health.Builder health = down ? Health.down() : starting ? Health.unknown() : Health.up();
        return health.withDetails(details).build();
    }

    /** Gauges per processor: lag in events and in seconds, and parked events. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : states.processors()) {
            gauge(registry, "segments.processor.lag", processor, "Events in the store this processor has not "
                    + "processed yet", ProcessorStates.Status::lag);
            gauge(registry, "segments.processor.lag.seconds", processor, "Age of the oldest event this processor "
                    + "has not processed yet", ProcessorStates.Status::lagSeconds);
            gauge(registry, "segments.processor.parked", processor, "Events parked in the dead-letter queue",
                    ProcessorStates.Status::parked);
        }
    }

    private void gauge(MeterRegistry registry, String name, String processor, String description,
                       ToDoubleFunction<ProcessorStates.Status> value) {
        Gauge.builder(name, () -> Optional.ofNullable(states.snapshot(false).statuses().get(processor))
                        .map(value::applyAsDouble).orElse(Double.NaN))
                .tag("processor", processor)
                .description(description)
                .register(registry);
    }
}
