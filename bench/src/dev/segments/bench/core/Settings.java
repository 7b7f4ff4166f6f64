package dev.segments.bench.core;

/**
 * The settings several scenario groups share (bench/README.md lists them all). A group's own settings are
 * constants of its class.
 */
public final class Settings {

    /** Clients of scenarios 1 and 2. */
    public static final int CLIENTS = Env.intValue("SEGMENTS_BENCH_CLIENTS", 16);
    /**
     * Most JDBC connections a write baseline opens: each client holds one, and PostgreSQL's stock
     * {@code max_connections} (100) cannot hold 128 of them next to the service's pool.
     */
    public static final int RAW_CLIENTS = Math.min(CLIENTS, Env.intValue("SEGMENTS_BENCH_RAW_CLIENTS_MAX", 32));
    /** Concurrent bulk requests while seeding through the API. */
    public static final int SEED_CLIENTS = Env.intValue("SEGMENTS_BENCH_SEED_CLIENTS", 16);
    /** Warm-up of the phases of scenarios 1-2 that do not wait for the JIT (the baselines, the 403 floor). */
    public static final double WARMUP = Env.doubleValue("SEGMENTS_BENCH_WARMUP", 5);
    /** Measured part of the phases of scenarios 1-2. */
    public static final double DURATION = Env.doubleValue("SEGMENTS_BENCH_DURATION", 15);
    /** Cap on measured operations, throughput phases. */
    public static final long MAX_OPS = Env.intValue("SEGMENTS_BENCH_MAX_OPS", 2_000_000);
    /** Cap on measured operations, latency phases. */
    public static final long LATENCY_MAX_OPS = Env.intValue("SEGMENTS_BENCH_LATENCY_MAX_OPS", 20_000);
    /**
     * Phases that wait for the JIT ({@link Phase#untilJitSettled()}) go on after their least warm-up until the
     * service's JIT compiler threads stay below this share of a core for a whole window (at most
     * {@link #JIT_SETTLE_MAX} seconds more).
     */
    public static final double JIT_SETTLED_CORES = Env.doubleValue("SEGMENTS_BENCH_JIT_SETTLED_CORES", 0.03);
    public static final double JIT_SETTLE_WINDOW = Env.doubleValue("SEGMENTS_BENCH_JIT_SETTLE_WINDOW", 10);
    public static final double JIT_SETTLE_MAX = Env.doubleValue("SEGMENTS_BENCH_JIT_SETTLE_MAX", 300);
    /** Segments the measured customer is in (4.3 and 5.5). */
    public static final int MEMBER_OF = Env.intValue("SEGMENTS_BENCH_MEMBER_OF", 20);

    private Settings() {
    }
}
