package dev.segments.bench.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples how far the service's event processors trail the event store while a phase runs: every 100 ms,
 * the store's head minus the lowest complete position of the projections' stored tokens (below their oldest
 * gap), straight from the service's database, so it works the same for any version of the service and costs
 * the service nothing. {@link #stop} gives the samples taken inside a result's measured window.
 */
public final class LagSampler implements AutoCloseable {

    private static final String SQL = """
            select (select coalesce(max(global_index), 0) from domain_event_entry)
                 - coalesce(min(coalesce((select min(g::bigint) - 1
                                          from jsonb_array_elements_text(t.position -> 'gaps') g),
                                         (t.position ->> 'index')::bigint)), 0)
            from (select coalesce(convert_from(token, 'UTF8')::jsonb -> 'currentToken',
                                  convert_from(token, 'UTF8')::jsonb) as position
                  from token_entry where processor_name like '%-projection' and token is not null) t""";

    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private LagSampler(String jdbcUrl) {
        thread = new Thread(() -> {
            try (Connection connection = Jdbc.connect(jdbcUrl); PreparedStatement lag = connection.prepareStatement(SQL)) {
                while (running) {
                    try (ResultSet rs = lag.executeQuery()) {
                        if (rs.next()) {
                            synchronized (samples) {
                                samples.add(new long[] {System.nanoTime(), rs.getLong(1)});
                            }
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                Log.log("   lag sampler stopped: " + e.getMessage());
            }
        }, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public static LagSampler start(String jdbcUrl) {
        return new LagSampler(jdbcUrl);
    }

    /** Stops sampling; the lags (in events) sampled inside the result's measured window, sorted. */
    public long[] stop(Result window) throws InterruptedException {
        close();
        synchronized (samples) {
            return samples.stream().filter(s -> s[0] >= window.windowStart() && s[0] <= window.windowEnd())
                    .mapToLong(s -> s[1]).sorted().toArray();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }

    /** The p-th percentile (0-100) of sorted values, or -1 for none. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1 < 0 ? 0
                : (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    public static String describe(long[] sorted) {
        return sorted.length == 0 ? "no samples" : String.format(java.util.Locale.ROOT,
                "p50 %,d, p99 %,d, max %,d events behind (%,d samples)", percentile(sorted, 50),
                percentile(sorted, 99), Arrays.stream(sorted).max().orElse(0), sorted.length);
    }
}
