package dev.segments.query.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * A projection's latest rebuild as stored in {@code projection_rebuild}, so that every node answers the same
 * whichever node runs it: its state, its position in the event store, how many events it projected, and the
 * current run's start, from which its rate and remaining time follow.
 */
public record RebuildStatus(String projection, String state, long position, long processed, Instant startedAt,
                            Instant runStartedAt, long runProcessed, Instant updatedAt, Instant finishedAt,
                            String error) {

    public static final String REBUILDING = "REBUILDING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public boolean rebuilding() {
        return REBUILDING.equals(state);
    }

    /** Events per second of the current run (0 before its first batch). */
    public double eventsPerSecond() {
        // to the microsecond: a first batch read and committed within a millisecond of the run's start has a rate
        double seconds = Duration.between(runStartedAt, updatedAt).toNanos() / 1e9;
        return seconds <= 0 ? 0 : (processed - runProcessed) / seconds;
    }

    /** Progress against the store's head: {@code total} grows with the events written meanwhile. */
    public Progress progress(long head) {
        long remaining = Math.max(0, head - Math.max(position, 0));
        long total = processed + remaining;
        double rate = eventsPerSecond();
        double percent = total == 0 ? 100.0 : Math.floor(processed * 1000.0 / total) / 10.0;
        Long eta = rate > 0 ? (long) Math.ceil(remaining / rate) : null;
        return new Progress(processed, total, percent, Math.round(rate * 10) / 10.0, eta);
    }

    /**
     * What an operator watches: {@code etaSeconds} is null while no rate is known yet (before a run's first batch
     * commits), and says so as an explicit null rather than going missing.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Progress(long processed, long total, double percent, double eventsPerSecond, Long etaSeconds) {
    }
}
