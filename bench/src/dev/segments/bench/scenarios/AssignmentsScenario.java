package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Settings.MAX_OPS;
import static dev.segments.bench.core.Settings.MEMBER_OF;
import static dev.segments.bench.core.Settings.SEED_CLIENTS;
import static dev.segments.bench.core.Text.fmt;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.LagSampler;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.ProcStats;
import dev.segments.bench.core.Report;
import dev.segments.bench.core.Resp;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.Text;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 4, customer assignments: 4.1 bulk upsert (200 per request) at several client counts; 4.2 single
 * assignments into a small segment, a huge one and the small one again; 4.3 a customer's own segments. A
 * not-measured JVM warm-up comes first.
 */
public final class AssignmentsScenario implements Scenario {

    static final double JIT_WARMUP = Env.doubleValue("SEGMENTS_BENCH_JIT_WARMUP", 45);
    static final int[] BULK_CLIENTS = Env.intList("SEGMENTS_BENCH_BULK_CLIENTS", "4,16");
    static final double BULK_WARMUP = Env.doubleValue("SEGMENTS_BENCH_BULK_WARMUP", 8);
    static final double BULK_DURATION = Env.doubleValue("SEGMENTS_BENCH_BULK_DURATION", 15);
    static final int[] SINGLE_CLIENTS = Env.intList("SEGMENTS_BENCH_SINGLE_CLIENTS", "1,4");
    static final double ASSIGN_WARMUP = Env.doubleValue("SEGMENTS_BENCH_ASSIGN_WARMUP", 8);
    static final double ASSIGN_DURATION = Env.doubleValue("SEGMENTS_BENCH_ASSIGN_DURATION", 10);
    static final int SMALL_SEGMENT = Env.intValue("SEGMENTS_BENCH_SMALL_SEGMENT", 1_000);
    static final int BIG_SEGMENT = Env.intValue("SEGMENTS_BENCH_BIG_SEGMENT", 1_000_000);
    static final int OWN_SEGMENTS = Env.intValue("SEGMENTS_BENCH_OWN_SEGMENTS", 10_000);
    static final int OWN_ASSIGNMENTS = Env.intValue("SEGMENTS_BENCH_OWN_ASSIGNMENTS", 1_000_000);
    /** 1: only 4.1, for before/after comparisons of the write path without the 1,000,000-row seeding of 4.2/4.3. */
    static final boolean BULK_ONLY = Env.intValue("SEGMENTS_BENCH_ASSIGNMENTS_BULK_ONLY", 0) == 1;

    /** Entries per bulk request of 4.1 and of the JVM warm-up. */
    private static final int BULK = 200;

    @Override
    public String name() {
        return "assignments";
    }

    @Override
    public String settings() {
        return String.format(Locale.ROOT, "assignments: JVM warm-up %.0f s; bulk at %s clients, warm-up %.0f s, "
                        + "measured %.0f s; single PUT at %s client(s) into segments of %,d and %,d; own list among %,d "
                        + "segments / %,d assignments, member of %d; latency phases %.0f+%.0f s", JIT_WARMUP,
                Arrays.toString(BULK_CLIENTS), BULK_WARMUP, BULK_DURATION, Arrays.toString(SINGLE_CLIENTS),
                SMALL_SEGMENT, BIG_SEGMENT, OWN_SEGMENTS, OWN_ASSIGNMENTS, MEMBER_OF, ASSIGN_WARMUP, ASSIGN_DURATION);
    }

    @Override
    public void run(Context ctx) throws Exception {
        bulk(ctx);
        if (BULK_ONLY) {
            log("== SEGMENTS_BENCH_ASSIGNMENTS_BULK_ONLY=1: 4.2 and 4.3 skipped");
            return;
        }
        single(ctx);
        ownSegments(ctx);
    }

    // ---- 4.1: bulk upsert ---------------------------------------------------------------------------------------

    private static void bulk(Context ctx) throws Exception {
        // A fresh service JVM spends its first minutes compiling (measured with JFR: C2 took about one of the two
        // cores for ~2 minutes of bulk load): run the write path before the first measured phase.
        log("== JVM warm-up: PUT customers/bulk at 16 clients for " + fmt(JIT_WARMUP, 0) + " s (not measured)");
        for (int t = 0; t < 16; t++) {
            Fixtures.createSegment(ctx, LiteSegment.active("abw-" + t));
        }
        String run = ctx.runId();
        ctx.measure(new Phase("JVM warm-up (bulk)", 16, 0, JIT_WARMUP, MAX_OPS), t -> {
            long[] n = {0};
            return () -> ctx.api().put("/segments/abw-" + t + "/customers/bulk",
                    CustomerAssignment.bulkBody("w" + run + "-", n, BULK), 207);
        });
        for (int clients : BULK_CLIENTS) {
            log("== assignments bulk: PUT /segments/{id}/customers/bulk (200 per request) at " + clients
                    + " clients vs raw JDBC batches of 200 (event+view+registry rows, 1 tx)");
            for (int t = 0; t < clients; t++) {
                Fixtures.createSegment(ctx, LiteSegment.active("ab" + clients + "-" + t));
            }
            AtomicLong rywTimeouts = new AtomicLong();
            Queue<Long> svcDone = new ConcurrentLinkedQueue<>();
            // each side starts on fresh statistics and without the previous phase's dirty pages: a checkpoint
            // that fell into a measured phase (max_wal_size reached by the warm-up's writes) cost it two thirds
            logSettled(ctx);
            Phase phase = new Phase("PUT customers/bulk", clients, BULK_WARMUP, BULK_DURATION, MAX_OPS);
            LagSampler lag = LagSampler.start(ctx.svcJdbc());
            Result svc = ctx.measure(phase, t -> {
                String path = "/segments/ab" + clients + "-" + t + "/customers/bulk";
                long[] n = {0};
                return () -> {
                    Resp r = ctx.api().put(path, CustomerAssignment.bulkBody("b" + run + "-", n, BULK), 207);
                    int created = Text.count(r.text(), "\"code\":201");
                    if (created != BULK) {
                        throw new IOException("bulk: " + created + " of 200 entries created");
                    }
                    if (r.rywTimedOut()) {
                        rywTimeouts.incrementAndGet();
                    }
                    svcDone.add(System.nanoTime());
                };
            }).completions(svcDone, BULK);
            long[] lags = lag.stop(svc);
            log("   processor lag during the measured window: " + LagSampler.describe(lags));
            ctx.report().note("assignments bulk at " + clients + " clients, projections' lag behind the event store "
                    + "while measured: " + LagSampler.describe(lags) + ".");
            Queue<Long> rawDone = new ConcurrentLinkedQueue<>();
            logSettled(ctx);
            Result raw = ctx.measure(phase.named("raw batch insert 200"), t -> Jdbc.op(ctx.rawJdbc(), c -> {
                String segment = "ab" + clients + "-" + t;
                CustomerAssignment.RawWriter w = new CustomerAssignment.RawWriter(c, ctx.tenant());
                long[] n = {0};
                return () -> {
                    for (int i = 0; i < BULK; i++) {
                        long k = n[0]++;
                        w.add(segment, CustomerAssignment.of("b" + run + "-" + k, k), true);
                    }
                    w.commitBatch();
                    rawDone.add(System.nanoTime());
                };
            })).completions(rawDone, BULK);
            log(String.format(Locale.ROOT, "   assignments/s in the measured window: service %.0f, raw %.0f",
                    svc.throughput(), raw.throughput()));
            ctx.report().throughputRow("4.1 bulk", "PUT customers/bulk, 200 per request vs raw JDBC batch of 200 per tx "
                    + "(ops/s = assignments/s; latency per request / tx)", svc, raw, 0.30);
            if (rywTimeouts.get() > 0) {
                ctx.report().note("assignments bulk at " + clients + " clients: " + rywTimeouts.get()
                        + " responses carried X-Read-Your-Writes: timeout.");
            }
        }
    }

    private static void logSettled(Context ctx) throws Exception {
        log(String.format(Locale.ROOT, "   settled (vacuum analyze, checkpoint, lag 0) in %.1f s", Fixtures.settle(ctx)));
    }

    // ---- 4.2: single assignment into a small and a huge segment ----------------------------------------------------

    private static void single(Context ctx) throws Exception {
        String small = "a1k";
        String big = "a1m";
        Fixtures.createSegment(ctx, LiteSegment.active(small));
        Fixtures.createSegment(ctx, LiteSegment.active(big));
        // the small segment through the API (bulk), the baseline's copy with SQL
        long t0 = System.nanoTime();
        SplittableRandom ids = new SplittableRandom(4242);
        Fixtures.putAll(ctx, "seed " + small + " (API bulk)", Fixtures.bulks("/segments/" + small + "/customers/bulk",
                SMALL_SEGMENT, i -> CustomerAssignment.of(hex(ids), i).apiJson()), 1);
        String smallSeconds = fmt(secondsSince(t0), 1);
        SeededAssignments.insert(ctx.rawJdbc(), ctx.tenant(), rows(small, SMALL_SEGMENT));
        Fixtures.settle(ctx);
        Map<String, Result> at1k = measureSingle(ctx, small, "1k");

        log("== seeding " + String.format(Locale.ROOT, "%,d", BIG_SEGMENT) + " assignments of segment " + big
                + " with SQL (service database and baseline database)");
        ProcStats.Ticks t1 = ctx.proc().ticks();
        double svcSeed = SeededAssignments.insert(ctx.svcJdbc(), ctx.tenant(), rows(big, BIG_SEGMENT));
        double rawSeed = SeededAssignments.insert(ctx.rawJdbc(), ctx.tenant(), rows(big, BIG_SEGMENT));
        ctx.cpuRow("seed " + big + " (SQL, both dbs)", 1, t1);
        double settle = Fixtures.settle(ctx);
        String checks = SeededAssignments.check(ctx, big, small);
        ctx.report().setup(String.format(Locale.ROOT, "Assignments 4.2: segment `%s` got %,d assignments through "
                        + "`PUT .../customers/bulk` (%s s); segment `%s` got %,d assignments with SQL in %.1f s (service "
                        + "database; the same rows in the baseline database: %.1f s), then VACUUM ANALYZE + CHECKPOINT "
                        + "+ processors at lag 0 (%.1f s). %s%n", small, SMALL_SEGMENT, smallSeconds, big, BIG_SEGMENT,
                svcSeed, rawSeed, settle, checks));
        Map<String, Result> at1m = measureSingle(ctx, big, "1M");
        // control: the small segment again, now with the JVM as warm as for the big one and the tables as large
        Map<String, Result> again = measureSingle(ctx, small, "1k again");
        Report report = ctx.report();
        for (int clients : SINGLE_CLIENTS) {
            Result s1 = at1k.get("svc" + clients);
            Result r1 = at1k.get("raw" + clients);
            Result s3 = again.get("svc" + clients);
            Result r3 = again.get("raw" + clients);
            report.row("4.2 single", "PUT customers/{new} into a segment of " + fmt(SMALL_SEGMENT, 0)
                    + " (before the big seed)", s1, r1, p50Ratio(s1, r1), "info (reference)", "-");
            Result s2 = at1m.get("svc" + clients);
            Result r2 = at1m.get("raw" + clients);
            double growth = s2.pct(.5) / s1.pct(.5);
            double growthAgain = s2.pct(.5) / s3.pct(.5);
            report.row("4.2 single", "PUT customers/{new} into a segment of " + fmt(BIG_SEGMENT, 0) + " (raw p50: "
                            + fmt(r2.pct(.5) / r1.pct(.5), 2) + "x / " + fmt(r2.pct(.5) / r3.pct(.5), 2)
                            + "x its small-segment p50s)", s2, r2, p50Ratio(s2, r2),
                    "p50 <= 1.5x small-segment p50: **" + fmt(growth, 2) + "x** / **" + fmt(growthAgain, 2) + "x**",
                    Math.max(growth, growthAgain) <= 1.5 && s2.errors() == 0 ? "yes" : "**NO**");
            report.row("4.2 single", "control: the small segment again, after the big one", s3, r3, p50Ratio(s3, r3),
                    "info (reference)", "-");
        }
    }

    /** Rows (sid, cid) of {@code count} assignments of {@code segment}, customer ids from md5. */
    private static String rows(String segment, int count) {
        return "select '" + segment + "'::text as sid, substr(md5('" + segment + ":' || g), 1, 16) as cid "
                + "from generate_series(1, " + count + ") g";
    }

    private static String p50Ratio(Result svc, Result raw) {
        return Report.ratio("p50", svc.pct(.5), raw.pct(.5));
    }

    /** The service and raw results at each client count of {@link #SINGLE_CLIENTS}: "svc1", "raw1", "svc4", ... */
    private static Map<String, Result> measureSingle(Context ctx, String segment, String size) throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        for (int clients : SINGLE_CLIENTS) {
            log("== assignments single: PUT /segments/" + segment + "/customers/{new} at " + clients
                    + " client(s) vs raw insert (event+view+registry, 1 tx)");
            AtomicLong rywTimeouts = new AtomicLong();
            Phase phase = new Phase("PUT customer @" + size, clients, ASSIGN_WARMUP, ASSIGN_DURATION, LATENCY_MAX_OPS);
            results.put("svc" + clients, ctx.measure(phase, t -> {
                SplittableRandom rnd = new SplittableRandom(System.nanoTime() + t);
                return () -> {
                    if (ctx.api().put("/segments/" + segment + "/customers/" + hex(rnd), "{}", 201).rywTimedOut()) {
                        rywTimeouts.incrementAndGet();
                    }
                };
            }));
            results.put("raw" + clients, ctx.measure(phase.named("raw insert @" + size), t -> {
                SplittableRandom rnd = new SplittableRandom(System.nanoTime() + t);
                return Jdbc.op(ctx.rawJdbc(), c -> {
                    CustomerAssignment.RawWriter w = new CustomerAssignment.RawWriter(c, ctx.tenant());
                    return () -> {
                        w.add(segment, new CustomerAssignment(hex(rnd), null, null), false);
                        w.commit();
                    };
                });
            }));
            if (rywTimeouts.get() > 0) {
                ctx.report().note("single PUT @" + size + " at " + clients + " clients: " + rywTimeouts.get()
                        + " responses carried X-Read-Your-Writes: timeout.");
            }
        }
        return results;
    }

    private static String hex(SplittableRandom rnd) {
        return String.format("%016x", rnd.nextLong());
    }

    // ---- 4.3: a customer's own segments ---------------------------------------------------------------------------

    private static void ownSegments(Context ctx) throws Exception {
        Context.CustomerToken token = ctx.customerToken("BENCH_TOKEN_OWN");
        String customer = token.customer();
        log("== own segments: " + OWN_SEGMENTS + " segments (PUT /segments/bulk), " + OWN_ASSIGNMENTS
                + " assignments (SQL), customer " + customer + " in " + MEMBER_OF + " segments (API)");
        long t0 = System.nanoTime();
        Fixtures.putAll(ctx, "seed own-list segments (API bulk)",
                Fixtures.bulks("/segments/bulk", OWN_SEGMENTS, i -> LiteSegment.own(i).json()), SEED_CLIENTS);
        double segSecs = secondsSince(t0);
        int perSegment = Math.max(1, OWN_ASSIGNMENTS / OWN_SEGMENTS);
        int classes = Math.max(1, OWN_SEGMENTS / 5);
        ProcStats.Ticks t1 = ctx.proc().ticks();
        // segment g % S gets customer (g / S) * M + (37 * segment) % M: each customer is in about 5 segments
        double sqlSecs = SeededAssignments.insert(ctx.svcJdbc(), ctx.tenant(), "select 'ol-' || lpad((g % "
                + OWN_SEGMENTS + ")::text, 5, '0') as sid, 'olc-' || lpad(((g / " + OWN_SEGMENTS + ") * " + classes
                + " + ((g % " + OWN_SEGMENTS + ") * 37) % " + classes + ")::text, 7, '0') as cid from generate_series(0, "
                + ((long) perSegment * OWN_SEGMENTS - 1) + ") g");
        ctx.cpuRow("seed own-list assignments (SQL)", 1, t1);
        Random pick = new Random(7);
        List<Integer> mine = new ArrayList<>();
        while (mine.size() < Math.min(MEMBER_OF, OWN_SEGMENTS)) {
            int s = pick.nextInt(OWN_SEGMENTS);
            if (!mine.contains(s)) {
                mine.add(s);
            }
        }
        int live = 0;
        for (int s : mine) {
            ctx.api().put("/segments/" + LiteSegment.own(s).id() + "/customers/" + customer, "{}", 201);
            live += LiteSegment.own(s).liveAt(Instant.now()) ? 1 : 0;
        }
        double settle = Fixtures.settle(ctx);
        ctx.report().setup(String.format(Locale.ROOT, "Assignments 4.3: %,d segments through `PUT /segments/bulk` "
                        + "(%.1f s; ACTIVE 85%%, validity none 50%% / current 40%% / expired 10%%), %,d assignments spread "
                        + "over them with SQL (%d per segment, %,d customers in about 5 segments each; %.1f s), customer `%s` "
                        + "assigned through the API to %d random segments (%d of them active now), VACUUM ANALYZE + "
                        + "CHECKPOINT + lag 0 (%.1f s). customer_assignment_view then holds %s rows (including the other "
                        + "scenarios' segments).%n", OWN_SEGMENTS, segSecs, (long) perSegment * OWN_SEGMENTS, perSegment,
                (long) perSegment * classes, sqlSecs, customer, mine.size(), live, settle,
                fmt(Double.parseDouble(Jdbc.scalarRow(ctx.svcJdbc(), "select count(*) from customer_assignment_view")), 0)));

        String sql = "select " + Fixtures.SEGMENT_COLUMNS + " from segment_view s join customer_assignment_view a "
                + "on a.tenant = s.tenant and a.segment_id = s.id where s.tenant = ? and a.customer_id = ? "
                + "and a.legal_entity_id = '' and s.status = 'ACTIVE' and (s.validity_from is null or s.validity_from "
                + "<= now()) and (s.validity_to is null or s.validity_to > now()) order by s.id limit 60";
        List<String> api = Text.ids(ctx.api().get("/segments", 200, token.token()).text());
        List<String> db = Jdbc.ids(ctx.svcJdbc(), sql, ps -> {
            ps.setString(1, ctx.tenant());
            ps.setString(2, customer);
        });
        String same = Text.sameIds(api, db);
        log("== own segments: GET /segments with a customer token (" + same + ")");
        Phase phase = new Phase("own list API", 1, ASSIGN_WARMUP, ASSIGN_DURATION, LATENCY_MAX_OPS);
        Result svc = ctx.measure(phase, t -> () -> ctx.api().get("/segments", 200, token.token()));
        Result raw = ctx.measure(phase.named("own list SQL"), t -> Jdbc.query(ctx.svcJdbc(), sql, ps -> {
            ps.setString(1, ctx.tenant());
            ps.setString(2, customer);
        }));
        ctx.report().latencyRow("4.3 own list", "GET /segments, customer token, member of " + mine.size() + " of "
                + fmt(OWN_SEGMENTS, 0) + " segments (" + same + ")", svc, raw, 15);
        ctx.report().note("4.3 own list hand-written SQL: `" + sql.replace(Fixtures.SEGMENT_COLUMNS, "<all columns>") + "`");
    }
}
