package dev.segments.query.reference.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Upstream reference messages by type and outcome: applied, stale (older than the replica), dead-lettered. */
class ReferenceMetrics {

    static final String METRIC = "segments.reference.messages";

    private final MeterRegistry registry;

    ReferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String type, String outcome) {
        Counter.builder(METRIC).description("Upstream reference messages by type and outcome (applied, stale: "
                        + "older than the replica, dead-lettered)")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }
}
