package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.CLIENTS;
import static dev.segments.bench.core.Settings.RAW_CLIENTS;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: {@code POST /segments} at {@link dev.segments.bench.core.Settings#CLIENTS} clients (a new id each
 * time, read-your-writes) against raw JDBC inserting the same event row and view row in one transaction, in
 * the baseline database.
 */
public final class WritesScenario implements Scenario {

    /**
     * The service's write phase warms up at least this long (then until the JIT has settled): measured here,
     * compiler threads took a fifth to a quarter of a core for the first 100-210 s of load.
     */
    public static final double WRITE_WARMUP = Env.doubleValue("SEGMENTS_BENCH_WRITE_WARMUP", 60);

    @Override
    public String name() {
        return "writes";
    }

    @Override
    public void run(Context ctx) throws Exception {
        log("== writes: POST /segments at " + CLIENTS + " clients vs raw JDBC insert (event + view row, 1 tx) at "
                + RAW_CLIENTS + " connections");
        Jdbc.execute(ctx.rawJdbc(), "truncate domain_event_entry, segment_view");
        String tenant = ctx.tenant();
        String prefix = "w" + ctx.runId() + "-";
        AtomicLong rywTimeouts = new AtomicLong();
        Result svc = ctx.measure(new Phase("POST /segments", CLIENTS, WRITE_WARMUP, DURATION, MAX_OPS).untilJitSettled(),
                t -> {
                    int[] n = {0};
                    return () -> {
                        Seg seg = Seg.of(prefix + t + "-" + n[0]++, new SplittableRandom(n[0] * 31L + t));
                        if (ctx.api().post("/segments", seg.apiJson(), 201).rywTimedOut()) {
                            rywTimeouts.incrementAndGet();
                        }
                    };
                });
        Result raw = ctx.measure(new Phase("raw insert", RAW_CLIENTS, WARMUP, DURATION, MAX_OPS), t -> Jdbc.op(ctx.rawJdbc(), c -> {
            c.setAutoCommit(false);
            PreparedStatement event = EventRows.prepareInsert(c, "Segment", "dev.segments.events.segment.SegmentCreatedEvent");
            PreparedStatement view = c.prepareStatement("insert into segment_view (tenant, id, name, description, "
                    + "status, site_code, validity_from, validity_to, mixins, metadata_mixins, version, created_at, "
                    + "modified_at) values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::jsonb, null, 1, ?, ?)");
            int[] n = {0};
            return () -> {
                Seg seg = Seg.of(prefix + t + "-" + n[0]++, new SplittableRandom(n[0] * 31L + t));
                Instant now = Instant.now();
                OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
                EventRows.bind(event, tenant, tenant + ":" + seg.id(), now, seg.eventJson(tenant, now));
                event.executeUpdate();
                view.setString(1, tenant);
                view.setString(2, seg.id());
                view.setString(3, seg.nameJson());
                view.setString(4, seg.descriptionJson());
                view.setString(5, seg.status());
                view.setString(6, seg.site());
                view.setObject(7, seg.from() == null ? null : seg.from().atOffset(ZoneOffset.UTC));
                view.setObject(8, seg.to() == null ? null : seg.to().atOffset(ZoneOffset.UTC));
                view.setString(9, seg.mixinsJson());
                view.setObject(10, at);
                view.setObject(11, at);
                view.executeUpdate();
                c.commit();
            };
        }));
        ctx.report().throughputRow("1 writes", "POST /segments vs raw insert (event+view, 1 tx)", svc, raw, 0.40);
        if (RAW_CLIENTS != CLIENTS) {
            ctx.report().note("writes: the raw baseline ran at " + RAW_CLIENTS + " connections, the service at "
                    + CLIENTS + " clients (SEGMENTS_BENCH_RAW_CLIENTS_MAX).");
        }
        if (rywTimeouts.get() > 0) {
            ctx.report().note("writes: " + rywTimeouts.get() + " responses carried X-Read-Your-Writes: timeout.");
        }
        String q = "select count(*), round(avg(octet_length(payload))), round(avg(octet_length(meta_data))) "
                + "from domain_event_entry where aggregate_identifier like ?";
        String a = Jdbc.scalarRow(ctx.svcJdbc(), q, tenant + ":" + prefix + "%");
        String b = Jdbc.scalarRow(ctx.rawJdbc(), q, tenant + ":" + prefix + "%");
        ctx.report().note("writes: event rows (count, avg payload bytes, avg metadata bytes): service " + a
                + "; baseline " + b + " (baseline payloads are built in the service's stored format).");
    }
}
