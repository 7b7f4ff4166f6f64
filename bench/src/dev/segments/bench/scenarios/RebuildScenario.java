package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.DURATION;
import static dev.segments.bench.core.Settings.MAX_OPS;
import static dev.segments.bench.core.Settings.WARMUP;

import dev.segments.bench.core.Api;
import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Group {@code rebuild} (issue 16): blue/green projection rebuilds on run.sh's service.
 * <ol>
 *   <li>R1: the event store is brought to {@link #EVENTS} events (bulk customer assignments through the API, 200 per
 *       request, on segments of their own), then {@code customer-assignment-projection} is rebuilt
 *       ({@code POST /actuator/projections/...}): events/s from the rebuild's start to its end as the service
 *       records them, next to a raw sequential read of the event table (every column, in index order, one
 *       connection, fetch size 1,000) and a raw {@code insert ... select} of the same rows into a copy of the table.
 *       Targets: >= 10,000 events/s and >= 25% of the raw insert.</li>
 *   <li>R2: {@code GET /segments/{id}} over the seeded segments at {@link #READ_CLIENTS} clients, without a rebuild
 *       and then while {@code segment-projection} is being rebuilt (the switch included when it falls into the
 *       phase): p99 during <= 2x without.</li>
 * </ol>
 */
public final class RebuildScenario implements Scenario {

    static final int EVENTS = Env.intValue("SEGMENTS_BENCH_REBUILD_EVENTS", 1_000_000);
    static final int READ_CLIENTS = Env.intValue("SEGMENTS_BENCH_REBUILD_READ_CLIENTS", 4);
    private static final String PROJECTION = "customer-assignment-projection";
    private static final Pattern PROCESSED = Pattern.compile("\"processed\"\\s*:\\s*(\\d+)");
    private static final Pattern STARTED = Pattern.compile("\"startedAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finishedAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public String name() {
        return "rebuild";
    }

    @Override
    public String settings() {
        return "rebuild: " + EVENTS + " events in the store, reads during a rebuild at " + READ_CLIENTS + " clients";
    }

    @Override
    public void run(Context ctx) throws Exception {
        String admin = ctx.token("BENCH_TOKEN_ADMIN");
        if (admin == null) {
            throw new IllegalStateException("BENCH_TOKEN_ADMIN is not set: run the rebuild group through bench/run.sh");
        }
        String base = ctx.api().uri("/").toString();
        String service = base.substring(0, base.indexOf("/customer-segment"));
        SegmentSeed.ensure(ctx);
        fill(ctx);
        long stored = Long.parseLong(Jdbc.scalarRow(ctx.svcJdbc(), "select count(*) from domain_event_entry")
                .replaceAll("[^0-9]", ""));

        // R1: the rebuild against a raw read and a raw insert ... select of the same rows
        log("== rebuild: " + PROJECTION + " over " + stored + " events");
        String done = rebuild(service, admin, PROJECTION);
        long processed = Long.parseLong(first(PROCESSED, done));
        double seconds = Duration.between(Instant.parse(first(STARTED, done)), Instant.parse(first(FINISHED, done)))
                .toMillis() / 1000.0;
        double rebuildRate = processed / seconds;
        double readRate = rawRead(ctx.svcJdbc());
        double insertRate = rawInsert(ctx.svcJdbc(), stored);
        Result rebuildResult = rate("rebuild", processed, seconds);
        Result insertResult = rate("raw insert ... select", stored, stored / insertRate);
        ctx.report().row("R1 rebuild", "rebuild of " + PROJECTION + " over " + processed + " events vs raw "
                        + "insert ... select of the event rows", rebuildResult, insertResult,
                String.format(Locale.ROOT, "%.0f%% thr", rebuildRate / insertRate * 100), "ev/s >= 10000, >= 25%",
                rebuildRate >= 10_000 && rebuildRate >= 0.25 * insertRate ? "yes" : "**NO**");
        ctx.report().note(String.format(Locale.ROOT, "rebuild: %.0f events/s (%d events in %.1f s); raw sequential "
                + "read of the event table %.0f rows/s; raw insert ... select %.0f rows/s.", rebuildRate, processed,
                seconds, readRate, insertRate));

        // R2: reads without and during a rebuild
        log("== rebuild: GET /segments/{id} at " + READ_CLIENTS + " clients without, then during a rebuild");
        Phase reads = new Phase("GET /segments/{id} (no rebuild)", READ_CLIENTS, WARMUP, DURATION, MAX_OPS);
        Result quiet = ctx.measure(reads, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 1000003L);
            return () -> ctx.api().get("/segments/" + SegmentSeed.id(rnd.nextInt(SegmentSeed.SIZE)), 200);
        });
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<String> rebuilding = background.submit(() -> rebuild(service, admin, "segment-projection"));
            Result during = ctx.measure(reads.named("GET /segments/{id} (during a rebuild)"), t -> {
                SplittableRandom rnd = new SplittableRandom(t * 7919L);
                return () -> ctx.api().get("/segments/" + SegmentSeed.id(rnd.nextInt(SegmentSeed.SIZE)), 200);
            });
            ctx.report().latencyRow("R2 rebuild", "GET /segments/{id} p99 during a rebuild of segment-projection vs "
                    + "without", during, quiet, 500, 2.0);
            rebuilding.get();
        } finally {
            background.shutdownNow();
        }
    }

    /** Brings the store to {@link #EVENTS} events with bulk customer assignments through the API. */
    private static void fill(Context ctx) throws Exception {
        long stored = Long.parseLong(Jdbc.scalarRow(ctx.svcJdbc(), "select count(*) from domain_event_entry")
                .replaceAll("[^0-9]", ""));
        long missing = EVENTS - stored;
        if (missing <= 0) {
            return;
        }
        log("rebuild: writing " + missing + " events (bulk customer assignments)");
        Api api = ctx.api();
        int segments = 4;
        String prefix = "rebuild-" + ctx.runId() + "-";
        for (int s = 0; s < segments; s++) {
            api.post("/segments", "{\"id\":\"" + prefix + s + "\",\"name\":{\"en\":\"Rebuild\"},\"siteCode\":\"main\"}",
                    201);
        }
        int requests = (int) ((missing + 199) / 200);
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                done.add(pool.submit(() -> {
                    for (int r = segment; r < requests; r += segments) {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < 200; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"customerId\":\"c").append(r).append('-')
                                    .append(i).append("\"}");
                        }
                        api.put("/segments/" + prefix + segment + "/customers/bulk", body.append(']').toString(), 207);
                    }
                    return null;
                }));
            }
            for (Future<?> one : done) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts a rebuild and waits for its end; answers the projection's state then. */
    private static String rebuild(String service, String admin, String projection) throws Exception {
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/actuator/projections/"
                        + projection)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"rebuild\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("rebuild of " + projection + " answered " + started.statusCode() + ": "
                    + started.body());
        }
        while (true) {
            Thread.sleep(200);
            String state = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/actuator/projections/" + projection))
                    .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            if (state.contains("\"state\":\"LIVE\"")) {
                if (!state.contains("\"state\":\"DONE\"")) {
                    throw new IllegalStateException("rebuild of " + projection + " failed: " + state);
                }
                return state;
            }
        }
    }

    /** Rows per second of one sequential read of every column of the event table, in index order. */
    private static double rawRead(String url) throws Exception {
        try (Connection c = Jdbc.connect(url)) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("select global_index, event_identifier, aggregate_identifier,"
                    + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data "
                    + "from domain_event_entry order by global_index")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= 10; i++) {
                            rs.getObject(i);
                        }
                        rows++;
                    }
                }
            }
            c.commit();
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Rows per second of one {@code insert ... select} of the event rows into an empty copy of the table. */
    private static double rawInsert(String url, long rows) throws Exception {
        try (Connection c = Jdbc.connect(url); Statement statement = c.createStatement()) {
            statement.execute("drop table if exists bench_rebuild_copy");
            statement.execute("create table bench_rebuild_copy (like domain_event_entry including defaults)");
            long t0 = System.nanoTime();
            statement.execute("insert into bench_rebuild_copy select * from domain_event_entry order by global_index");
            double seconds = (System.nanoTime() - t0) / 1e9;
            statement.execute("drop table bench_rebuild_copy");
            return rows / seconds;
        }
    }

    private static Result rate(String label, long ops, double seconds) {
        return new Result(label, 1, ops, 0, seconds, new long[0], null, null, 0, 0);
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }
}
