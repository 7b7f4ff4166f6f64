package dev.segments.bench.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Console log lines (run.sh copies them to bench/results/bench.log) and elapsed time. */
public final class Log {

    private Log() {
    }

    public static void log(String s) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + s);
        System.out.flush();
    }

    /** Seconds since {@code t0}, a {@link System#nanoTime()}. */
    public static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
