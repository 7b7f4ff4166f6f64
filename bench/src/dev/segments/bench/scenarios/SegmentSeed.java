package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;

import dev.segments.bench.core.Api;
import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.ProcStats;
import dev.segments.bench.core.Settings;
import java.sql.Connection;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The segments the read scenarios (reads, list, q) read: {@link #SIZE} segments through the API
 * ({@code PUT /segments/bulk}, ids {@code seed-000000}..), seeded once per run by the first group that needs
 * them, then {@code VACUUM ANALYZE segment_view}.
 */
public final class SegmentSeed {

    public static final int SIZE = Env.intValue("SEGMENTS_BENCH_SEED", 100_000);

    private static final String COUNT = "select count(*) from segment_view where tenant = ? and id like 'seed-%'";

    private SegmentSeed() {
    }

    static String id(int i) {
        return String.format("seed-%06d", i);
    }

    /** Seeds the segments unless this run did already (or the database holds them already). */
    static void ensure(Context ctx) throws Exception {
        ctx.once("segment seed", () -> seed(ctx));
    }

    private static void seed(Context ctx) throws Exception {
        int have = Integer.parseInt(Jdbc.scalarRow(ctx.svcJdbc(), COUNT, ctx.tenant()));
        if (have >= SIZE) {
            ctx.report().setup("Seed: " + have + " segments already present, reused.\n");
            return;
        }
        int clients = Settings.SEED_CLIENTS;
        log("== seed: " + SIZE + " segments through PUT /segments/bulk (200 per request, " + clients + " clients)");
        int batches = (SIZE + Fixtures.BULK_SIZE - 1) / Fixtures.BULK_SIZE;
        ProcStats.Ticks t0 = ctx.proc().ticks();
        Api.BulkStats stats = ctx.api().putAll("seeding", batches, clients, b -> {
            int from = b * Fixtures.BULK_SIZE;
            return Fixtures.bulk("/segments/bulk", from, Math.min(SIZE, from + Fixtures.BULK_SIZE),
                    i -> Seg.of(id(i), new SplittableRandom(i * 7919L + 17)).apiJson());
        }, done -> {
            if ((done / Fixtures.BULK_SIZE) % Math.max(1, batches / 10) == 0) {
                log(String.format("   seeded %d/%d (%.0f/s)", done, SIZE, done / secondsSince(t0.nanos())));
            }
        });
        // A bulk response that timed out on read-your-writes leaves the projection behind: wait for it (bounded).
        long catchUp = System.nanoTime();
        int visible = 0;
        try (Connection c = Jdbc.connect(ctx.svcJdbc())) {
            while (secondsSince(catchUp) < 300) {
                visible = Integer.parseInt(Jdbc.scalarRow(c, COUNT, ctx.tenant()));
                if (visible >= SIZE) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        double lag = secondsSince(catchUp);
        if (visible < SIZE) {
            throw new IllegalStateException("projection shows only " + visible + " of " + SIZE
                    + " seeded segments after 300 s");
        }
        double secs = secondsSince(t0.nanos());
        ctx.report().cpu("seed (PUT /segments/bulk)", clients, ctx.proc().since(t0));
        long vacuum = System.nanoTime();
        Jdbc.execute(ctx.svcJdbc(), "vacuum analyze segment_view");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Seed: %,d segments through the API (PUT "
                        + "/segments/bulk, 200 per request, %d clients) in %.1f s = %,.0f segments/s, including %.1f s "
                        + "waiting after the last response until segment_view showed all of them; %d entries failed, "
                        + "%d of %d responses carried X-Read-Your-Writes: timeout. Then `VACUUM ANALYZE segment_view` "
                        + "(%.1f s) so both sides plan on fresh statistics.%n",
                SIZE, clients, secs, SIZE / secs, lag, stats.failed(), stats.rywTimeouts(), batches, secondsSince(vacuum)));
        try (Connection c = Jdbc.connect(ctx.svcJdbc())) {
            text.append("segment_view rows: ").append(Jdbc.scalarRow(c, "select count(*) from segment_view"))
                    .append(", table+indexes: ").append(Jdbc.scalarRow(c,
                            "select pg_size_pretty(pg_total_relation_size('segment_view'))"))
                    .append("; domain_event_entry: ").append(Jdbc.scalarRow(c,
                            "select pg_size_pretty(pg_total_relation_size('domain_event_entry'))"))
                    .append(". created_at spans the seeding window (the API sets it): ")
                    .append(Jdbc.scalarRow(c, "select min(created_at) || ' .. ' || max(created_at) from segment_view "
                            + "where id like 'seed-%'")).append(".\n");
        }
        ctx.report().setup(text.toString());
        log(text.toString().trim());
    }
}
