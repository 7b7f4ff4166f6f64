package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Settings.WARMUP;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Audit history and point-in-time reads (issue 14), each against the raw SQL of the same rows:
 * <ol>
 *   <li>a page of 100 history entries of a segment with {@link #EVENTS} events (written through the API: PUTs of
 *   one segment, so its own stream has that many events), p99 &lt;= 50 ms;</li>
 *   <li>{@code GET /segments/{id}?asOf=} of that segment at a random instant of its life, p99 &lt;= 20 ms;</li>
 *   <li>{@code asOf} first page (60) of the members of a segment with {@link #MEMBERS} assignments,
 *   p99 &lt;= 100 ms;</li>
 *   <li>which segments a customer was in at T, among {@link #SEGMENTS} segments and {@link #MEMBERS} assignments,
 *   p99 &lt;= 50 ms.</li>
 * </ol>
 * Phases 3 and 4 read the audit projection's version tables only; their rows are seeded with SQL as the projection
 * writes them (one open version per segment and assignment, from 30 days ago), without the events behind them,
 * which point-in-time reads never look at.
 */
public final class HistoryScenario implements Scenario {

    static final int EVENTS = Env.intValue("SEGMENTS_BENCH_HISTORY_EVENTS", 10_000);
    static final int MEMBERS = Env.intValue("SEGMENTS_BENCH_HISTORY_MEMBERS", 1_000_000);
    static final int SEGMENTS = Env.intValue("SEGMENTS_BENCH_HISTORY_SEGMENTS", 10_000);
    static final double DURATION = Env.doubleValue("SEGMENTS_BENCH_HISTORY_DURATION", 15);
    static final int CLIENTS = Env.intValue("SEGMENTS_BENCH_HISTORY_CLIENTS", 4);
    private static final String HISTORIC = "hist";
    private static final String BIG = "histbig";

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String settings() {
        return String.format(Locale.ROOT, "history: %d events in one segment's stream, %d assignment versions over "
                + "%d segments, %d clients, %.0f s per phase", EVENTS, MEMBERS, SEGMENTS, CLIENTS, DURATION);
    }

    @Override
    public void run(Context ctx) throws Exception {
        String tenant = ctx.tenant();
        Instant[] life = seedHistory(ctx);
        Instant born = life[0];
        long span = Math.max(1, life[1].toEpochMilli() - born.toEpochMilli());
        int pages = Math.max(1, EVENTS / 100);

        Phase history = new Phase("GET history page", CLIENTS, WARMUP, DURATION, LATENCY_MAX_OPS);
        Result svc = ctx.measure(history, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 7919L);
            return () -> ctx.api().get("/segments/" + HISTORIC + "/history?pageSize=100&pageNumber="
                    + (1 + rnd.nextInt(pages)), 200);
        });
        Result raw = ctx.measure(history.named("history page SQL"), t -> {
            SplittableRandom rnd = new SplittableRandom(t * 7919L);
            return Jdbc.query(ctx.svcJdbc(), "select event_id, type, occurred_at, generation, caller, correlation_id, "
                    + "resource, changes from segment_history where tenant = ? and segment_id = ? "
                    + "order by global_index limit 100 offset ?", ps -> {
                        ps.setString(1, tenant);
                        ps.setString(2, HISTORIC);
                        ps.setLong(3, 100L * rnd.nextInt(pages));
                    });
        });
        ctx.report().latencyRow("14.1 history", "GET .../history, page of 100 among " + EVENTS + " events", svc, raw,
                50);

        Phase asOf = new Phase("GET segment asOf", CLIENTS, WARMUP, DURATION, LATENCY_MAX_OPS);
        svc = ctx.measure(asOf, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 104729L);
            return () -> ctx.api().get("/segments/" + HISTORIC + "?asOf=" + born.plusMillis(rnd.nextLong(span)), 200);
        });
        raw = ctx.measure(asOf.named("segment asOf SQL"), t -> {
            SplittableRandom rnd = new SplittableRandom(t * 104729L);
            return Jdbc.query(ctx.svcJdbc(), "select " + Fixtures.SEGMENT_COLUMNS + " from segment_version s "
                    + "where s.tenant = ? and s.id = ? and s.valid_from <= ? and (s.valid_to is null or s.valid_to > ?) "
                    + "order by s.valid_from desc, s.from_index desc limit 1",
                    ps -> {
                        Timestamp at = Timestamp.from(born.plusMillis(rnd.nextLong(span)));
                        ps.setString(1, tenant);
                        ps.setString(2, HISTORIC);
                        ps.setTimestamp(3, at);
                        ps.setTimestamp(4, at);
                    });
        });
        ctx.report().latencyRow("14.2 asOf", "GET /segments/{id}?asOf=, " + EVENTS + " events in its stream", svc, raw,
                20);

        Instant seeded = seedVersions(ctx);
        Instant then = seeded.plusSeconds(60);
        Phase members = new Phase("GET members asOf", CLIENTS, WARMUP, DURATION, LATENCY_MAX_OPS);
        svc = ctx.measure(members, t -> () -> ctx.api().get("/segments/" + BIG + "/customers?asOf=" + then, 200));
        raw = ctx.measure(members.named("members asOf SQL"), t -> Jdbc.query(ctx.svcJdbc(),
                "select a.customer_id, a.legal_entity_ref, a.mixins, a.version, a.created_at, a.modified_at "
                        + "from customer_assignment_version a where a.tenant = ? and a.segment_id = ? "
                        + "and a.valid_from <= ? and (a.valid_to is null or a.valid_to > ?) "
                        + "order by a.customer_id, a.legal_entity_id limit 60", ps -> {
                    ps.setString(1, tenant);
                    ps.setString(2, BIG);
                    ps.setTimestamp(3, Timestamp.from(then));
                    ps.setTimestamp(4, Timestamp.from(then));
                }));
        ctx.report().latencyRow("14.3 members asOf", "GET .../customers?asOf=, first 60 of " + MEMBERS, svc, raw,
                100);

        int customers = Math.max(1, MEMBERS / 10);
        Phase own = new Phase("GET customer's segments asOf", CLIENTS, WARMUP, DURATION, LATENCY_MAX_OPS);
        svc = ctx.measure(own, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 15485863L);
            return () -> ctx.api().get("/segments?customerId=m" + rnd.nextInt(customers) + "&asOf=" + then, 200);
        });
        raw = ctx.measure(own.named("customer's segments asOf SQL"), t -> {
            SplittableRandom rnd = new SplittableRandom(t * 15485863L);
            return Jdbc.query(ctx.svcJdbc(), "select " + Fixtures.SEGMENT_COLUMNS + " from segment_version s "
                    + "where s.tenant = ? and s.valid_from <= ? and (s.valid_to is null or s.valid_to > ?) and exists "
                    + "(select 1 from customer_assignment_version a where a.tenant = s.tenant and a.segment_id = s.id "
                    + "and a.customer_id = ? and a.valid_from <= ? and (a.valid_to is null or a.valid_to > ?)) "
                    + "order by s.id limit 60", ps -> {
                        Timestamp at = Timestamp.from(then);
                        ps.setString(1, tenant);
                        ps.setTimestamp(2, at);
                        ps.setTimestamp(3, at);
                        ps.setString(4, "m" + rnd.nextInt(customers));
                        ps.setTimestamp(5, at);
                        ps.setTimestamp(6, at);
                    });
        });
        ctx.report().latencyRow("14.4 customer asOf", "GET /segments?customerId=&asOf=, among " + SEGMENTS
                + " segments and " + MEMBERS + " assignments", svc, raw, 50);
    }

    /** One segment changed {@link #EVENTS} - 1 times through the API; answers when it was born and last changed. */
    private static Instant[] seedHistory(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        ctx.api().post("/segments", "{\"id\":\"" + HISTORIC + "\",\"name\":{\"en\":\"v0\"},\"siteCode\":\"main\","
                + "\"status\":\"INACTIVE\",\"mixins\":{\"n\":0}}", 201);
        for (int i = 1; i < EVENTS; i++) {
            ctx.api().put("/segments/" + HISTORIC, "{\"name\":{\"en\":\"v" + i + "\"},\"siteCode\":\"main\","
                    + "\"status\":\"INACTIVE\",\"mixins\":{\"n\":" + i + "}}", 204);
        }
        String[] times = Jdbc.scalarRow(ctx.svcJdbc(), "select min(valid_from) || '|' || max(valid_from) "
                + "from segment_version where tenant = ? and id = ?", ctx.tenant(), HISTORIC).split("\\|");
        log(String.format(Locale.ROOT, "   wrote %d events of one segment through the API in %.1f s", EVENTS,
                secondsSince(t0)));
        return new Instant[] {timestamp(times[0]), timestamp(times[1])};
    }

    private static Instant timestamp(String text) {
        return java.time.OffsetDateTime.parse(text.replace(' ', 'T').replaceAll("([+-]\\d\\d)$", "$1:00"))
                .toInstant();
    }

    /**
     * {@link #SEGMENTS} segment versions and {@link #MEMBERS} customer assignment versions, as the audit projection
     * writes them: half of the assignments in segment {@link #BIG}, the others spread over the other segments,
     * customers {@code m0..m(MEMBERS/10)} each in a few segments. Answers the instant they were all valid from.
     */
    private static Instant seedVersions(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        Instant from = Instant.now().minusSeconds(30L * 24 * 3600);
        int customers = Math.max(1, MEMBERS / 10);
        try (Connection c = Jdbc.connect(ctx.svcJdbc()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            String at = "timestamptz '" + from + "'";
            String tenant = ctx.tenant();
            st.execute("insert into segment_version (tenant, id, generation, from_index, valid_from, name, status, "
                    + "site_code, version, created_at, modified_at) select '" + tenant + "', case when g = 0 then '"
                    + BIG + "' else 'hs' || g end, 1, -g - 1, " + at + ", jsonb_build_object('en', 'hs' || g), "
                    + "'ACTIVE', 'main', 1, " + at + ", " + at + " from generate_series(0, " + (SEGMENTS - 1) + ") g");
            int half = MEMBERS / 2;
            st.execute("insert into customer_assignment_version (tenant, segment_id, customer_id, legal_entity_id, "
                    + "generation, from_index, valid_from, assignment_type, version, created_at, modified_at) select '"
                    + tenant + "', '" + BIG + "', 'b' || lpad(n::text, 7, '0'), '', 1, -n - 1, " + at
                    + ", 'MANUAL', 1, " + at + ", " + at + " from generate_series(0, " + (half - 1) + ") n");
            st.execute("insert into customer_assignment_version (tenant, segment_id, customer_id, legal_entity_id, "
                    + "generation, from_index, valid_from, assignment_type, version, created_at, modified_at) select '"
                    + tenant + "', 'hs' || (1 + n % " + Math.max(1, SEGMENTS - 1) + "), 'm' || (n % " + customers
                    + "), '', 1, -n - 1, " + at + ", 'MANUAL', 1, " + at + ", " + at + " from generate_series(0, "
                    + (MEMBERS - half - 1) + ") n on conflict do nothing");
            c.commit();
            st.execute("analyze segment_version");
            st.execute("analyze customer_assignment_version");
        }
        log(String.format(Locale.ROOT, "   seeded %d segment and %d assignment versions with SQL in %.1f s", SEGMENTS,
                MEMBERS, secondsSince(t0)));
        return from;
    }
}
