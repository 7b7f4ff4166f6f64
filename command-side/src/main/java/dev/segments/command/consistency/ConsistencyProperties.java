package dev.segments.command.consistency;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a command's response may wait for the projections (by processing group name) to process its
 * events, and how often their stored positions are polled while someone waits.
 */
@ConfigurationProperties("segments.consistency")
public record ConsistencyProperties(List<String> processors, Duration timeout, Duration pollInterval) {

    public ConsistencyProperties {
        processors = processors == null ? List.of("segment-projection", "customer-assignment-projection",
                "item-assignment-projection", "segment-audit-projection") : List.copyOf(processors);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        pollInterval = pollInterval == null ? Duration.ofMillis(5) : pollInterval;
    }
}
