package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.CLIENTS;
import static dev.segments.bench.core.Settings.DURATION;
import static dev.segments.bench.core.Settings.MAX_OPS;
import static dev.segments.bench.core.Settings.WARMUP;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import java.sql.PreparedStatement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Scenario 2: {@code GET /segments/{id}} over random seeded ids against a raw point select of every column;
 * and the floor of the HTTP stack, the same GET refused with 403 (another tenant's token).
 */
public final class ReadsScenario implements Scenario {

    /** The service's read phase warms up at least this long (then until the JIT has settled). */
    public static final double READ_WARMUP = Env.doubleValue("SEGMENTS_BENCH_READ_WARMUP", 60);

    @Override
    public String name() {
        return "reads";
    }

    @Override
    public void run(Context ctx) throws Exception {
        SegmentSeed.ensure(ctx);
        log("== reads: GET /segments/{id} at " + CLIENTS + " clients vs raw point select");
        Result svc = ctx.measure(new Phase("GET /segments/{id}", CLIENTS, READ_WARMUP, DURATION, MAX_OPS)
                .untilJitSettled(), t -> {
                    SplittableRandom rnd = new SplittableRandom(t * 1000003L);
                    return () -> ctx.api().get(randomSegment(rnd), 200);
                });
        Result raw = ctx.measure(new Phase("raw point select", CLIENTS, WARMUP, DURATION, MAX_OPS), t -> {
            SplittableRandom rnd = new SplittableRandom(t * 1000003L);
            return Jdbc.op(ctx.svcJdbc(), c -> {
                PreparedStatement ps = c.prepareStatement("select " + Fixtures.SEGMENT_COLUMNS + " from segment_view s "
                        + "where s.tenant = ? and s.id = ?");
                return () -> {
                    ps.setString(1, ctx.tenant());
                    ps.setString(2, SegmentSeed.id(rnd.nextInt(SegmentSeed.SIZE)));
                    if (Jdbc.readAll(ps) != 1) {
                        throw new IllegalStateException("row not found");
                    }
                };
            });
        });
        ctx.report().throughputRow("2 reads", "GET /segments/{id} vs raw point select", svc, raw, 0.25);
        // The ceiling of the HTTP stack alone: the same request refused by authorization (another tenant's token),
        // i.e. Tomcat, the filters and JWT verification, no query and no JSON body.
        String other = ctx.token("BENCH_TOKEN_OTHER");
        if (other != null) {
            Result floor = ctx.measure(new Phase("GET refused (403)", CLIENTS, WARMUP, DURATION, MAX_OPS)
                    .untilJitSettled(), t -> {
                        SplittableRandom rnd = new SplittableRandom(t * 1000003L);
                        return () -> ctx.api().get(randomSegment(rnd), 403, other);
                    });
            ctx.report().row("2 floor", "the same GET refused with 403 (another tenant's token): HTTP, filters and JWT "
                    + "only, no database", floor, raw, String.format(Locale.ROOT, "%.0f%% thr",
                    100 * floor.throughput() / raw.throughput()), "info", "-");
        }
    }

    private static String randomSegment(SplittableRandom rnd) {
        return "/segments/" + SegmentSeed.id(rnd.nextInt(SegmentSeed.SIZE));
    }
}
