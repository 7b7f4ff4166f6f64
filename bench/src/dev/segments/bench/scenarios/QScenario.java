package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Text.abbreviate;
import static dev.segments.bench.core.Text.enc;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Report;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.Text;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Issue 3: five representative {@code q} queries at 1 client, each against what a DBA would write for the same
 * result, and (when run.sh put the service's query-side jar on the classpath) against the exact SQL the
 * service's own engine compiles for it.
 */
public final class QScenario implements Scenario {

    public static final double Q_WARMUP = Env.doubleValue("SEGMENTS_BENCH_Q_WARMUP", 2);
    public static final double Q_DURATION = Env.doubleValue("SEGMENTS_BENCH_Q_DURATION", 8);

    private static final String PAGE = " limit 60";
    private static final String HEAD = "select " + Fixtures.SEGMENT_COLUMNS + " from segment_view s where s.tenant = ? and ";

    /** One q query: the API's q and sort, and an SQL statement (after the tenant) with its parameters. */
    record QCase(String key, String title, String q, String sort, String sql, List<Object> params) {

        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, tenant);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 2, params.get(i));
            }
        }

        /** The SQL for the notes, its select list and tenant condition shortened. */
        String shortSql(int max) {
            return abbreviate(sql.replace(HEAD, "select ... where s.tenant = ? and "), max);
        }
    }

    @Override
    public String name() {
        return "q";
    }

    @Override
    public void run(Context ctx) throws Exception {
        SegmentSeed.ensure(ctx);
        Report report = ctx.report();
        String tenant = ctx.tenant();
        for (QCase qc : cases(ctx)) {
            String path = "/segments?q=" + enc(qc.q) + (qc.sort == null ? "" : "&sort=" + enc(qc.sort)) + "&pageSize=60";
            List<String> db = Jdbc.ids(ctx.svcJdbc(), qc.sql, ps -> qc.bind(ps, tenant));
            List<String> api = null;
            String failure = null;
            try {
                api = Text.ids(ctx.api().getText(path));
            } catch (IOException e) {
                failure = e.getMessage();
            }
            String same = api == null ? "service failed" : Text.sameIds(api, db);
            log("== q " + qc.key + ": q=" + qc.q + (qc.sort == null ? "" : " sort=" + qc.sort) + " -> " + same);
            Phase phase = new Phase("q " + qc.key + " API", 1, Q_WARMUP, Q_DURATION, LATENCY_MAX_OPS);
            Result svc = null;
            if (failure == null) {
                svc = ctx.measure(phase, t -> () -> ctx.api().get(path, 200));
            } else {
                log("   service FAILED: " + failure);
                report.note("q " + qc.key + ": the service answers `" + abbreviate(failure, 200) + "` (see "
                        + "bench/results/service.log); only the hand-written SQL was measured.");
            }
            Result raw = ctx.measure(phase.named("q " + qc.key + " SQL"),
                    t -> Jdbc.query(ctx.svcJdbc(), qc.sql, ps -> qc.bind(ps, tenant)));
            report.latencyRow("q " + qc.key, "`" + abbreviate(qc.q, 60) + "`" + (qc.sort == null ? "" : " sort `"
                    + qc.sort + "`") + " (" + same + ")", svc, raw, 50, 2.0);
            report.note("q " + qc.key + " hand-written SQL: `" + qc.shortSql(170) + "`");
            QCase compiled = engineSql(qc);
            if (compiled != null) {
                String compiledSame = Text.sameIds(Jdbc.ids(ctx.svcJdbc(), compiled.sql, ps -> compiled.bind(ps, tenant)), db);
                Result engine = ctx.measure(phase.named("q " + qc.key + " engine SQL"),
                        t -> Jdbc.query(ctx.svcJdbc(), compiled.sql, ps -> compiled.bind(ps, tenant)));
                report.latencyRow("q " + qc.key + " SQL", "the SQL the service compiles for it, run over JDBC ("
                        + compiledSame + ")", engine, raw, 50, 2.0);
                report.note("q " + qc.key + " compiled SQL: `" + compiled.shortSql(200) + "`");
            }
        }
    }

    /**
     * Exact field, localized regex, mixin numeric range, date range (the 40th to 60th percentile of the seeded
     * rows' createdAt) sorted newest first, and a value list of 20 random seeded ids.
     */
    private static List<QCase> cases(Context ctx) throws SQLException {
        String iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
        String[] range = Jdbc.scalarRow(ctx.svcJdbc(), "select to_char(percentile_disc(0.4) within group (order by "
                + "created_at) at time zone 'UTC', " + iso + "), to_char(percentile_disc(0.6) within group (order by "
                + "created_at) at time zone 'UTC', " + iso + ") from segment_view where tenant = ? and id like 'seed-%'",
                ctx.tenant()).split(", ");
        String from = range[0];
        String to = range[1];
        Random pick = new Random(42);
        List<String> idList = new ArrayList<>();
        while (idList.size() < 20) {
            String id = SegmentSeed.id(pick.nextInt(SegmentSeed.SIZE));
            if (!idList.contains(id)) {
                idList.add(id);
            }
        }
        return List.of(
                new QCase("exact", "exact field", "siteCode:site3", null,
                        HEAD + "s.site_code = ? order by s.id" + PAGE, List.of("site3")),
                new QCase("regex", "localized regex", "name.en:~\"Gold 12\"", null,
                        HEAD + "s.name->>'en' ~ ? order by s.id" + PAGE, List.of("Gold 12")),
                new QCase("mixin", "mixin numeric range", "mixins.tier.level:(>=2 AND <=4)", null,
                        HEAD + "(s.mixins->'tier'->>'level')::int between 2 and 4 order by s.id" + PAGE, List.of()),
                new QCase("date", "date range + sort", "metadata.createdAt:(>=\"" + from + "\" AND <\"" + to + "\")",
                        "metadata.createdAt:DESC", HEAD + "s.created_at >= ? and s.created_at < ? "
                        + "order by s.created_at desc, s.id" + PAGE,
                        List.of(OffsetDateTime.parse(from), OffsetDateTime.parse(to))),
                new QCase("ids", "value list (20 ids)", "id:(" + String.join(",", idList) + ")", null,
                        HEAD + "s.id in (" + String.join(",", Collections.nCopies(20, "?")) + ") order by s.id" + PAGE,
                        new ArrayList<>(idList)));
    }

    /**
     * The SQL the service itself compiles for a q case, from its own query engine (the query-side jar that
     * run.sh puts on the classpath), with the service's parameters; null when the engine is not available.
     */
    private static QCase engineSql(QCase qc) {
        try {
            Object schema = Class.forName("dev.segments.query.segment.SegmentSearch").getField("SCHEMA").get(null);
            Object search = schema.getClass().getMethod("compile", String.class, String.class)
                    .invoke(schema, qc.q, qc.sort);
            Class<?> type = search.getClass();
            List<Object> params = new ArrayList<>((List<?>) type.getMethod("whereParameters").invoke(search));
            params.addAll((List<?>) type.getMethod("orderParameters").invoke(search));
            return new QCase(qc.key, qc.title, qc.q, qc.sort, HEAD + "(" + type.getMethod("where").invoke(search)
                    + ") order by " + type.getMethod("orderBy").invoke(search) + PAGE, params);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot compile " + qc.q + " with the service's engine", e);
        }
    }
}
