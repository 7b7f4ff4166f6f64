package dev.segments.app.operations;

import dev.segments.command.consistency.ProcessorPositions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far each event processor trails the event store, from the positions stored in {@code token_entry}
 * (Axon without Axon Server has no lag gauge of its own). Reported in {@code /actuator/health}
 * ("eventProcessors": DOWN when one trails by more than {@code segments.health.max-processor-lag} events,
 * UNKNOWN while one has no position yet) and as the gauge {@code segments.processor.lag} per projection.
 * Registered in the query role only: a command node must not be taken out of service for a projection's lag.
 */
public class ProcessorLag implements HealthIndicator, MeterBinder {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final long maxLag;
    private final List<String> projections;

    public ProcessorLag(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                 @Value("${segments.health.max-processor-lag:100000}") long maxLag,
                 @Value("${segments.consistency.processors}") List<String> projections) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.maxLag = maxLag;
        this.projections = projections;
    }

    @Override
    public Health health() {
        long head = head();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean behind = false;
        boolean starting = false;
        for (Map.Entry<String, Long> processor : positions().entrySet()) {
            long lag = processor.getValue() < 0 ? head : head - processor.getValue();
            details.put(processor.getKey(), Map.of("position", processor.getValue(), "lag", lag));
            behind |= lag > maxLag;
            starting |= processor.getValue() < 0;
        }
        details.put("head", head);
        Health.Builder health = behind ? Health.down() : starting ? Health.unknown() : Health.up();
        return health.withDetails(details).build();
    }

    /** One gauge per projection processing group, whether or not it has claimed a position yet. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : projections) {
            Gauge.builder("segments.processor.lag", () -> {
                        long position = positions().getOrDefault(processor, -1L);
                        return position < 0 ? head() : head() - position;
                    })
                    .tag("processor", processor)
                    .description("Events in the store that this processor has not processed yet")
                    .register(registry);
        }
    }

    private Map<String, Long> positions() {
        List<String> names = processorNames();
        ProcessorPositions.Snapshot snapshot = new ProcessorPositions(jdbc, serializer, names).read();
        Map<String, Long> positions = new LinkedHashMap<>();
        names.forEach(name -> positions.put(name, snapshot.position(name)));
        return positions;
    }

    private List<String> processorNames() {
        return jdbc.queryForList("select distinct processor_name from token_entry order by processor_name",
                String.class);
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }
}
