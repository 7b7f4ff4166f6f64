package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;
import static dev.segments.bench.core.Text.abbreviate;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Resp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The seeding shortcut for large numbers of customer assignments (bench/README.md, "Seeding shortcuts and why
 * they are equivalent"), and the evidence that the service accepts what it wrote.
 */
final class SeededAssignments {

    private SeededAssignments() {
    }

    /**
     * Inserts customer assignments directly, as the service itself would have stored them: per row of
     * {@code rowsSql} (columns sid, cid) one CustomerAssignedEvent row in domain_event_entry (payload and
     * metadata in the service's JSON shape, sequence 0 of aggregate {tenant}:{sid}:1:customer:{cid}), the
     * customer_assignment_view row its projection writes for that event, and the segment_assignment_registry
     * row its subscribing handler writes. The event rows take global indexes BELOW every existing one
     * (negative): the tracking processors, whose tokens are already past them, never re-deliver them (their
     * view rows exist already), while aggregate loading (by aggregate id and sequence) and a replay from the
     * tail see them like any other event. One transaction; then the caller runs {@link Fixtures#settle}.
     * Returns the seconds taken.
     */
    static double insert(String url, String tenant, String rowsSql) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = Jdbc.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("create temp table seed_rows on commit drop as select x.sid, x.cid, row_number() over () as n, "
                    + "now() - interval '30 days' + row_number() over () * interval '1 millisecond' as at from ("
                    + rowsSql + ") x");
            long low = Long.parseLong(Jdbc.scalarRow(c,
                    "select least(coalesce(min(global_index), 0), 0) from domain_event_entry"));
            String iso = "'YYYY-MM-DD\"T\"HH24:MI:SS";
            st.execute("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "select " + low + " - n, gen_random_uuid()::text, '" + tenant + ":' || sid || ':1:customer:' || cid, "
                    + "0, 'CustomerAssignment', to_char(at at time zone 'UTC', " + iso + ".MS\"Z\"'), '"
                    + CustomerAssignment.ASSIGNED_EVENT + "', null, convert_to('{\"tenant\":\"" + tenant
                    + "\",\"segmentId\":\"' || sid || '\",\"generation\":1,"
                    + "\"customerId\":\"' || cid || '\",\"legalEntityId\":null,\"mixins\":null,\"metadataMixins\":null,"
                    + "\"version\":1,\"assignedAt\":\"' || to_char(at at time zone 'UTC', " + iso + ".US\"Z\"') || '\"}', 'UTF8'), "
                    + "convert_to('{\"caller\":\"local-client\",\"correlationId\":\"' || gen_random_uuid() || '\","
                    + "\"tenant\":\"" + tenant + "\"}', 'UTF8') from seed_rows");
            st.execute("insert into customer_assignment_view (tenant, segment_id, customer_id, legal_entity_id, "
                    + "assignment_type, mixins, metadata_mixins, version, created_at, modified_at) select '" + tenant
                    + "', sid, cid, '', 'MANUAL', null, null, 1, at, at from seed_rows");
            st.execute("insert into segment_assignment_registry (tenant, segment_id, generation, assignment_key) "
                    + "select '" + tenant + "', sid, 1, 'customer:' || cid from seed_rows");
            c.commit();
        }
        double secs = secondsSince(t0);
        log(String.format(Locale.ROOT, "   seeded assignments with SQL in %.1f s", secs));
        return secs;
    }

    /**
     * Evidence that the SQL-seeded assignments of segment {@code big} are state the service accepts, for the
     * report: the same payload and metadata keys as those the API wrote into {@code apiWritten}, a seeded
     * assignment readable, and updatable (204, sourced from the seeded event) with read-your-writes.
     */
    static String check(Context ctx, String big, String apiWritten) throws Exception {
        String tenant = ctx.tenant();
        String customer;
        String keysSeeded;
        String keysApi;
        String metaSeeded;
        String metaApi;
        try (Connection c = Jdbc.connect(ctx.svcJdbc())) {
            customer = Jdbc.scalarRow(c, "select customer_id from customer_assignment_view where tenant = ? "
                    + "and segment_id = ? order by customer_id limit 1", tenant, big);
            String keys = "select string_agg(k, ',' order by k) from (select jsonb_object_keys(convert_from(payload, "
                    + "'UTF8')::jsonb) k from (select payload from domain_event_entry where aggregate_identifier like ? "
                    + "order by global_index limit 1) e) x";
            String meta = keys.replace("payload, 'UTF8'", "meta_data, 'UTF8'")
                    .replace("select payload from", "select meta_data from");
            keysSeeded = Jdbc.scalarRow(c, keys, tenant + ":" + big + ":1:customer:%");
            keysApi = Jdbc.scalarRow(c, keys, tenant + ":" + apiWritten + ":1:customer:%");
            metaSeeded = Jdbc.scalarRow(c, meta, tenant + ":" + big + ":1:customer:%");
            metaApi = Jdbc.scalarRow(c, meta, tenant + ":" + apiWritten + ":1:customer:%");
        }
        String path = "/segments/" + big + "/customers/" + customer;
        ctx.api().getText(path);
        Resp update = ctx.api().put(path, "{\"mixins\":{\"checked\":true}}", 204);
        boolean ryw = !update.rywTimedOut();
        String after = ctx.api().getText(path);
        if (!keysSeeded.equals(keysApi) || !metaSeeded.equals(metaApi) || !ryw || !after.contains("\"checked\":true")
                || !after.contains("\"version\":2")) {
            throw new IllegalStateException("seeded assignments are not equivalent: payload keys " + keysSeeded + " vs "
                    + keysApi + ", metadata keys " + metaSeeded + " vs " + metaApi + ", read-your-writes " + ryw
                    + ", after update " + abbreviate(after, 300));
        }
        return "Checks: seeded and API-written events have the same payload keys (" + keysSeeded + ") and metadata "
                + "keys; `GET .../customers/" + customer + "` of a seeded assignment is 200; `PUT` on it with new mixins "
                + "is 204 (the aggregate was sourced from the seeded event, so it updated instead of creating) and the "
                + "projection applied the update to the seeded row (version 2, in time for read-your-writes).";
    }
}
