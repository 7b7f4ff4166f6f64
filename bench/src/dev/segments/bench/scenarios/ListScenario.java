package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Text.enc;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.Text;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario 3: the filtered, sorted, paged list ({@code q=siteCode:siteN status:ACTIVE}, newest first, pages 1-5
 * of 60) at 1 client (target) and 4 (informational), against the SQL the service runs, on its own database.
 */
public final class ListScenario implements Scenario {

    public static final double LIST_WARMUP = Env.doubleValue("SEGMENTS_BENCH_LIST_WARMUP", 3);
    public static final double LIST_DURATION = Env.doubleValue("SEGMENTS_BENCH_LIST_DURATION", 10);

    private static final String SQL = "select " + Fixtures.SEGMENT_COLUMNS + " from segment_view s where s.tenant = ? "
            + "and (s.site_code = ? AND s.status = ?) order by s.created_at DESC, s.id ASC limit ? offset ?";

    @Override
    public String name() {
        return "list";
    }

    @Override
    public void run(Context ctx) throws Exception {
        SegmentSeed.ensure(ctx);
        // same result check on one combination
        List<String> api = Text.ids(ctx.api().getText(path(3, 3)));
        List<String> db = Jdbc.ids(ctx.svcJdbc(), SQL, ps -> bind(ps, ctx.tenant(), 3, 3));
        String same = Text.sameIds(api, db);
        for (int clients : new int[] {1, 4}) {
            log("== list: GET /segments?q=siteCode:siteN status:ACTIVE&sort=metadata.createdAt:DESC&pageNumber=1..5 at "
                    + clients + " client(s)");
            Phase phase = new Phase("list API", clients, LIST_WARMUP, LIST_DURATION, LATENCY_MAX_OPS);
            Result svc = ctx.measure(phase, t -> {
                SplittableRandom rnd = new SplittableRandom(t * 7L + 3);
                return () -> ctx.api().get(path(rnd.nextInt(10), 1 + rnd.nextInt(5)), 200);
            });
            Result raw = ctx.measure(phase.named("list SQL"), t -> {
                SplittableRandom rnd = new SplittableRandom(t * 7L + 3);
                return Jdbc.query(ctx.svcJdbc(), SQL, ps -> bind(ps, ctx.tenant(), rnd.nextInt(10), 1 + rnd.nextInt(5)));
            });
            String what = "siteCode+status, sort createdAt DESC, pages 1-5 of 60 (" + same + ")";
            if (clients == 1) {
                ctx.report().latencyRow("3 list", what, svc, raw, 50);
            } else {
                ctx.report().infoLatencyRow("3 list", what, svc, raw);
            }
        }
    }

    private static String path(int site, int page) {
        return "/segments?q=" + enc("siteCode:site" + site + " status:ACTIVE") + "&sort="
                + enc("metadata.createdAt:DESC") + "&pageNumber=" + page + "&pageSize=60";
    }

    private static void bind(PreparedStatement ps, String tenant, int site, int page) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, "site" + site);
        ps.setString(3, "ACTIVE");
        ps.setInt(4, 60);
        ps.setLong(5, (page - 1) * 60L);
    }
}
