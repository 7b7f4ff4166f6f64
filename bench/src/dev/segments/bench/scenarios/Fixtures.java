package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;
import static dev.segments.bench.core.Text.abbreviate;

import dev.segments.bench.core.Api;
import dev.segments.bench.core.Context;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.ProcStats;
import dev.segments.bench.core.Resp;
import dev.segments.bench.core.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Seeding and settling shared by the scenario groups. */
final class Fixtures {

    /** Entries per bulk request when seeding through the API. */
    static final int BULK_SIZE = 200;

    /** Every column of segment_view, as the service reads them (the read baselines read them all). */
    static final String SEGMENT_COLUMNS = "s.id, s.name, s.description, s.status, s.site_code, s.validity_from, "
            + "s.validity_to, s.mixins, s.metadata_mixins, s.version, s.created_at, s.modified_at";

    private static final Pattern LAG = Pattern.compile("\"lag\":(\\d+)");

    private Fixtures() {
    }

    /** A bulk request of the entries {@code from..to-1}, {@code entry} serializing each. */
    static Api.Bulk bulk(String path, int from, int to, IntFunction<String> entry) {
        List<String> entries = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            entries.add(entry.apply(i));
        }
        return new Api.Bulk(path, Text.jsonArray(entries), to - from);
    }

    /** Entries {@code 0..count-1} as bulk requests of {@link #BULK_SIZE}, built in order. */
    static List<Api.Bulk> bulks(String path, int count, IntFunction<String> entry) {
        List<Api.Bulk> requests = new ArrayList<>();
        for (int from = 0; from < count; from += BULK_SIZE) {
            requests.add(bulk(path, from, Math.min(count, from + BULK_SIZE), entry));
        }
        return requests;
    }

    /**
     * Seeding through the API: sends the bulk requests with {@code clients} concurrent clients and fails unless
     * every entry answered 201 or 204. Adds a CPU row.
     */
    static void putAll(Context ctx, String label, List<Api.Bulk> requests, int clients) throws Exception {
        ProcStats.Ticks t0 = ctx.proc().ticks();
        Api.BulkStats stats = ctx.api().putAll(label, requests.size(), clients, requests::get, null);
        if (stats.failed() > 0) {
            throw new IllegalStateException(label + ": " + stats.failed() + " entries failed");
        }
        ctx.cpuRow(label, clients, t0);
        log(String.format(Locale.ROOT, "   %s: %d requests in %.1f s", label, requests.size(), secondsSince(t0.nanos())));
    }

    /** Creates a segment through {@code POST /segments}; it must be new (these scenarios need fresh databases). */
    static void createSegment(Context ctx, LiteSegment segment) throws Exception {
        Resp r = ctx.api().postUnchecked("/segments", segment.json());
        if (r.statusCode() == 409) {
            throw new IllegalStateException("segment " + segment.id() + " exists already: these scenarios need fresh "
                    + "databases (bench/run.sh recreates them)");
        }
        if (r.statusCode() != 201) {
            throw new IOException("HTTP " + r.statusCode() + " creating segment " + segment.id() + ": "
                    + abbreviate(r.text(), 300));
        }
    }

    /**
     * Before a measured part that follows bulk loading: VACUUM ANALYZE of the tables involved in both databases,
     * a CHECKPOINT (so the loading's dirty pages are not written during the measurement), and every tracking
     * processor of the service at lag 0. Returns the seconds taken.
     */
    static double settle(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        String vacuum = "vacuum analyze domain_event_entry, customer_assignment_view, segment_assignment_registry, "
                + "segment_view, segment_registry, item_assignment_view, category_reference, product_reference, "
                + "product_category";
        Jdbc.execute(ctx.svcJdbc(), vacuum);
        Jdbc.execute(ctx.rawJdbc(), vacuum);
        Jdbc.execute(ctx.svcJdbc(), "checkpoint");
        awaitProjections(ctx);
        return secondsSince(t0);
    }

    /**
     * The projections' part of a health answer: the Kafka publisher's lag follows it, and while publishing is
     * parked (no broker) that lag never falls. Health answers without that part (older builds) count whole.
     */
    static String processorsPart(String health) {
        int start = health.indexOf("\"eventProcessors\"");
        if (start < 0) {
            return health;
        }
        int end = health.indexOf("\"head\"", start);
        return end < 0 ? health.substring(start) : health.substring(start, end);
    }

    /** Waits (at most 10 minutes) until /actuator/health reports lag 0 for every event processor. */
    static void awaitProjections(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        String last = "";
        while (secondsSince(t0) < 600) {
            last = ctx.api().health();
            Matcher m = LAG.matcher(processorsPart(last));
            int processors = 0;
            boolean behind = false;
            while (m.find()) {
                processors++;
                behind |= !m.group(1).equals("0");
            }
            if (processors >= 3 && !behind) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("processors still behind after 600 s: " + abbreviate(last, 500));
    }
}
