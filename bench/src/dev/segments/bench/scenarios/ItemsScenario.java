package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Log.secondsSince;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Settings.MEMBER_OF;
import static dev.segments.bench.core.Settings.SEED_CLIENTS;
import static dev.segments.bench.core.Text.abbreviate;
import static dev.segments.bench.core.Text.fmt;
import static dev.segments.bench.scenarios.Catalog.CATEGORIES;
import static dev.segments.bench.scenarios.Catalog.PRODUCTS;
import static dev.segments.bench.scenarios.Catalog.SEGMENT_CATEGORIES;
import static dev.segments.bench.scenarios.Catalog.SEGMENT_PRODUCTS;

import dev.segments.bench.core.Api;
import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.ProcStats;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.Text;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Issue 5, items: a catalog replica, item segments with CATEGORY and PRODUCT assignments; 5.4 matching items
 * against segments and 5.5 a customer's category trees, each against hand-written recursive SQL.
 */
public final class ItemsScenario implements Scenario {

    static final int ITEM_SEGMENTS = Env.intValue("SEGMENTS_BENCH_ITEM_SEGMENTS", 1_000);
    static final int MATCH_ITEMS = Env.intValue("SEGMENTS_BENCH_MATCH_ITEMS", 200);
    static final int MATCH_SEGMENTS = Env.intValue("SEGMENTS_BENCH_MATCH_SEGMENTS", 10);
    static final double ITEMS_WARMUP = Env.doubleValue("SEGMENTS_BENCH_ITEMS_WARMUP", 8);
    static final double ITEMS_DURATION = Env.doubleValue("SEGMENTS_BENCH_ITEMS_DURATION", 10);

    /** The catalog is a tree (the reference API rejects cycles), so the walk up needs no de-duplication. */
    static final String MATCH_SQL = """
            with recursive up (product_id, category_id) as (
                select pc.product_id, pc.category_id from product_category pc
                where pc.tenant = ? and pc.product_id = any (?)
              union all
                select up.product_id, c.parent_id from up
                join category_reference c on c.tenant = ? and c.category_id = up.category_id
                where c.parent_id is not null
            ),
            live as (
                select s.id from segment_view s
                where s.tenant = ? and s.id = any (?) and s.site_code = ? and s.status = 'ACTIVE'
                  and (s.validity_from is null or s.validity_from <= now()) and (s.validity_to is null or s.validity_to > now())
            )
            select up.product_id from up
            join item_assignment_view a on a.tenant = ? and a.item_type = 'CATEGORY' and a.item_id = up.category_id
            join live on live.id = a.segment_id
            union
            select a.item_id from item_assignment_view a join live on live.id = a.segment_id
            where a.tenant = ? and a.item_type = 'PRODUCT' and a.item_id = any (?)
            """;

    static final String TREES_SQL = """
            with recursive assigned as (
                select distinct i.item_id as category_id
                from customer_assignment_view a
                join segment_view s on s.tenant = a.tenant and s.id = a.segment_id
                join item_assignment_view i on i.tenant = s.tenant and i.segment_id = s.id and i.item_type = 'CATEGORY'
                where a.tenant = ? and a.customer_id = ? and a.legal_entity_id = '' and s.site_code = ?
                  and s.status = 'ACTIVE' and (s.validity_from is null or s.validity_from <= now())
                  and (s.validity_to is null or s.validity_to > now())
            ),
            down (category_id) as (
                select category_id from assigned
              union
                select c.category_id from down join category_reference c on c.tenant = ? and c.parent_id = down.category_id
            ),
            up (category_id) as (
                select category_id from assigned
              union
                select c.parent_id from up join category_reference c on c.tenant = ? and c.category_id = up.category_id
                where c.parent_id is not null
            )
            select c.category_id, c.parent_id, c.code, c.name, c.localized_description, c.localized_slug, c.ecn,
                   c.validity_from, c.validity_to, c.position, c.published,
                   c.category_id in (select category_id from down) as assigned
            from category_reference c
            where c.tenant = ? and c.category_id in (select category_id from down union select category_id from up)
            order by c.category_id
            """;

    @Override
    public String name() {
        return "items";
    }

    @Override
    public String settings() {
        return String.format(Locale.ROOT, "items: %,d categories, %,d products, %,d segments x (%d CATEGORY + %d "
                        + "PRODUCT); match %d items x %d segments; trees for a customer in %d segments; phases %.0f+%.0f s",
                CATEGORIES, PRODUCTS, ITEM_SEGMENTS, SEGMENT_CATEGORIES, SEGMENT_PRODUCTS, MATCH_ITEMS,
                MATCH_SEGMENTS, MEMBER_OF, ITEMS_WARMUP, ITEMS_DURATION);
    }

    @Override
    public void run(Context ctx) throws Exception {
        Context.CustomerToken customer = ctx.customerToken("BENCH_TOKEN_TREES");
        Catalog catalog = new Catalog();
        log("== items: catalog of " + CATEGORIES + " categories / " + PRODUCTS + " products (SQL), " + ITEM_SEGMENTS
                + " segments with " + SEGMENT_CATEGORIES + " CATEGORY + " + SEGMENT_PRODUCTS + " PRODUCT assignments (API)");
        ProcStats.Ticks t0 = ctx.proc().ticks();
        String placements = catalog.seed(ctx.svcJdbc(), ctx.tenant());
        double catalogSecs = secondsSince(t0.nanos());
        ctx.cpuRow("seed catalog (SQL)", 1, t0);

        Fixtures.putAll(ctx, "seed item segments (API bulk)",
                Fixtures.bulks("/segments/bulk", ITEM_SEGMENTS, i -> LiteSegment.item(i).json()), SEED_CLIENTS);
        List<Catalog.ItemSet> sets = new ArrayList<>();
        List<Api.Bulk> requests = new ArrayList<>();
        for (int i = 0; i < ITEM_SEGMENTS; i++) {
            Catalog.ItemSet set = catalog.itemSet(i);
            sets.add(set);
            String segment = "/segments/" + LiteSegment.item(i).id();
            requests.add(new Api.Bulk(segment + "/items/CATEGORY/bulk", Text.idObjects(set.categories()),
                    set.categories().size()));
            requests.add(new Api.Bulk(segment + "/items/PRODUCT/bulk", Text.idObjects(set.products()),
                    set.products().size()));
        }
        long t2 = System.nanoTime();
        Fixtures.putAll(ctx, "seed item assignments (API bulk)", requests, SEED_CLIENTS);
        double itemSecs = secondsSince(t2);
        Random pick = new Random(11);
        List<Integer> mine = new ArrayList<>();
        for (int guard = 0; mine.size() < MEMBER_OF && guard < 100 * ITEM_SEGMENTS; guard++) {
            int s = pick.nextInt(ITEM_SEGMENTS);
            LiteSegment seg = LiteSegment.item(s);
            if (!mine.contains(s) && seg.site().equals("main") && seg.liveAt(Instant.now())) {
                mine.add(s);
            }
        }
        for (int s : mine) {
            ctx.api().put("/segments/" + LiteSegment.item(s).id() + "/customers/" + customer.customer(), "{}", 201);
        }
        double settle = Fixtures.settle(ctx);
        int[] levels = new int[6];
        for (int s : mine) {
            for (String category : sets.get(s).categories()) {
                levels[catalog.level(category)]++;
            }
        }
        ctx.report().setup(String.format(Locale.ROOT, "Items: catalog replica with SQL (%.1f s): %,d categories on 6 "
                        + "levels (%s per level), %,d products, %s placements (every product in 1 category of levels 4-5, 40%% "
                        + "also in one of levels 2-5). %,d segments through `PUT /segments/bulk` (site main 80%%, ACTIVE 90%%, "
                        + "validity none 70%% / current 20%% / expired 10%%); %,d item assignments through "
                        + "`PUT .../items/{type}/bulk` (%,d requests, %.1f s = %,.0f assignments/s; per segment %d CATEGORY "
                        + "on levels 1-5 weighted %s%% and %d PRODUCT); customer `%s` assigned to %d active main-site "
                        + "segments (their %d CATEGORY assignments by level 0-5: %s); VACUUM ANALYZE + CHECKPOINT + lag 0 "
                        + "(%.1f s).%n", catalogSecs, CATEGORIES, catalog.levelSizes(), PRODUCTS, placements, ITEM_SEGMENTS,
                (long) ITEM_SEGMENTS * (SEGMENT_CATEGORIES + SEGMENT_PRODUCTS), requests.size(), itemSecs,
                ITEM_SEGMENTS * (SEGMENT_CATEGORIES + SEGMENT_PRODUCTS) / itemSecs, SEGMENT_CATEGORIES,
                Arrays.toString(Catalog.ASSIGNED_LEVEL_PERCENT), SEGMENT_PRODUCTS, customer.customer(), mine.size(),
                mine.size() * SEGMENT_CATEGORIES, Arrays.toString(levels), settle));
        match(ctx, sets);
        trees(ctx, customer);
    }

    // ---- 5.4: match -------------------------------------------------------------------------------------------------

    /** A match request: random segments, 10% of the items assigned directly to them, the rest random products. */
    record MatchRequest(List<String> segments, List<String> products) {

        static MatchRequest random(SplittableRandom r, List<Catalog.ItemSet> sets) {
            List<Integer> chosen = new ArrayList<>();
            while (chosen.size() < Math.min(MATCH_SEGMENTS, ITEM_SEGMENTS)) {
                int s = r.nextInt(ITEM_SEGMENTS);
                if (!chosen.contains(s)) {
                    chosen.add(s);
                }
            }
            List<String> products = new ArrayList<>();
            for (int i = 0; i < MATCH_ITEMS; i++) {
                if (i < MATCH_ITEMS / 10) {
                    List<String> direct = sets.get(chosen.get(r.nextInt(chosen.size()))).products();
                    products.add(direct.get(r.nextInt(direct.size())));
                } else {
                    products.add(Catalog.productId(r.nextInt(PRODUCTS)));
                }
            }
            return new MatchRequest(chosen.stream().map(s -> LiteSegment.item(s).id()).toList(), products);
        }

        String json() {
            return "{\"items\":" + Text.idObjects(products) + ",\"segmentIds\":"
                    + Text.jsonArray(segments.stream().map(s -> "\"" + s + "\"").toList()) + ",\"siteCode\":\"main\"}";
        }

        void bind(PreparedStatement ps, String tenant) throws SQLException {
            Connection c = ps.getConnection();
            java.sql.Array p = c.createArrayOf("varchar", products.toArray());
            java.sql.Array s = c.createArrayOf("varchar", segments.toArray());
            ps.setString(1, tenant);
            ps.setArray(2, p);
            ps.setString(3, tenant);
            ps.setString(4, tenant);
            ps.setArray(5, s);
            ps.setString(6, "main");
            ps.setString(7, tenant);
            ps.setString(8, tenant);
            ps.setArray(9, p);
        }
    }

    private static void match(Context ctx, List<Catalog.ItemSet> sets) throws Exception {
        String tenant = ctx.tenant();
        int samples = 20;
        int same = 0;
        long matched = 0;
        String firstDifference = null;
        SplittableRandom check = new SplittableRandom(99);
        try (Connection c = Jdbc.connect(ctx.svcJdbc()); PreparedStatement ps = c.prepareStatement(MATCH_SQL)) {
            for (int i = 0; i < samples; i++) {
                MatchRequest req = MatchRequest.random(check, sets);
                List<String> api = new ArrayList<>(new TreeSet<>(Text.ids(
                        ctx.api().post("/segments/match", req.json(), 200).text())));
                req.bind(ps, tenant);
                List<String> db = new ArrayList<>(new TreeSet<>(Jdbc.ids(ps)));
                matched += api.size();
                if (api.equals(db)) {
                    same++;
                } else if (firstDifference == null) {
                    firstDifference = "API " + api + " vs SQL " + db;
                }
            }
        }
        String agreement = (same == samples ? "same ids" : "**DIFFERENT**") + " in " + same + "/" + samples
                + " requests, avg " + fmt((double) matched / samples, 1) + " matches";
        if (firstDifference != null) {
            ctx.report().note("5.4 match: first difference: " + abbreviate(firstDifference, 400));
        }
        log("== match: POST /segments/match, " + MATCH_ITEMS + " items x " + MATCH_SEGMENTS + " segments (" + agreement + ")");
        Phase phase = new Phase("match API", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS);
        Result svc = ctx.measure(phase, t -> {
            SplittableRandom rnd = new SplittableRandom(1234 + t);
            return () -> ctx.api().post("/segments/match", MatchRequest.random(rnd, sets).json(), 200);
        });
        Result raw = ctx.measure(phase.named("match SQL"), t -> {
            SplittableRandom rnd = new SplittableRandom(1234 + t);
            return Jdbc.query(ctx.svcJdbc(), MATCH_SQL, ps -> MatchRequest.random(rnd, sets).bind(ps, tenant));
        });
        ctx.report().latencyRow("5.4 match", "POST /segments/match, " + MATCH_ITEMS + " items x " + MATCH_SEGMENTS
                + " random segments (" + agreement + ")", svc, raw, 20);
        ctx.report().note("5.4 match hand-written SQL: `" + MATCH_SQL.replaceAll("\\s+", " ").trim() + "`");
    }

    // ---- 5.5: category trees ----------------------------------------------------------------------------------------

    private static void trees(Context ctx, Context.CustomerToken customer) throws Exception {
        String path = "/segments/items/category-trees?siteCode=main";
        List<String> api = new ArrayList<>(new TreeSet<>(Text.ids(ctx.api().get(path, 200, customer.token()).text())));
        int bytes = ctx.api().get(path, 200, customer.token()).body().length;
        Jdbc.Binder bind = ps -> {
            ps.setString(1, ctx.tenant());
            ps.setString(2, customer.customer());
            ps.setString(3, "main");
            ps.setString(4, ctx.tenant());
            ps.setString(5, ctx.tenant());
            ps.setString(6, ctx.tenant());
        };
        List<String> db = Jdbc.ids(ctx.svcJdbc(), TREES_SQL, bind);
        String same = (api.equals(db) ? "same " : "**DIFFERENT** ") + api.size() + " categories"
                + (api.equals(db) ? "" : " vs " + db.size()) + ", " + fmt(bytes / 1024.0, 0) + " KiB";
        log("== trees: GET " + path + " with a customer token (" + same + ")");
        Phase phase = new Phase("trees API", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS);
        Result svc = ctx.measure(phase, t -> () -> ctx.api().get(path, 200, customer.token()));
        Result raw = ctx.measure(phase.named("trees SQL"), t -> Jdbc.query(ctx.svcJdbc(), TREES_SQL, bind));
        ctx.report().latencyRow("5.5 trees", "GET category-trees, customer in " + MEMBER_OF + " segments (" + same + ")",
                svc, raw, 50);
        ctx.report().note("5.5 trees hand-written SQL (rows only; the service also builds the nested JSON): `"
                + TREES_SQL.replaceAll("\\s+", " ").trim() + "`");
    }
}
