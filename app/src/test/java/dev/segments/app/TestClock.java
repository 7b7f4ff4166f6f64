package dev.segments.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock under a test's control, for a node of its own ({@link Nodes}): frozen at an instant (every
 * write then happens at that same instant) or running from one. Replaces the service's {@link Clock} bean, so the
 * aggregates' event times and the validity scheduler follow it; tokens are still checked on the real clock.
 */
final class TestClock extends Clock {

    private volatile Instant base = Instant.now();
    private volatile long startedNanos = System.nanoTime();
    private volatile boolean frozen;

    /** Every reading is {@code instant} until the clock is moved again. */
    void freeze(Instant instant) {
        base = instant;
        frozen = true;
    }

    /** Runs from {@code instant} on. */
    void runFrom(Instant instant) {
        base = instant;
        startedNanos = System.nanoTime();
        frozen = false;
    }

    @Override
    public Instant instant() {
        return frozen ? base : base.plus(Duration.ofNanos(System.nanoTime() - startedNanos)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** The component to start a node with. */
    @Configuration(proxyBeanMethods = false)
    static class Component {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
