package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Text.fmt;

import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The items scenarios' catalog replica: {@link #CATEGORIES} categories on 6 levels (each under a pseudo-random
 * category of the level above), {@link #PRODUCTS} products placed in categories, and the items each item segment
 * has assigned.
 */
final class Catalog {

    static final int CATEGORIES = Env.intValue("SEGMENTS_BENCH_CATEGORIES", 10_000);
    static final int PRODUCTS = Env.intValue("SEGMENTS_BENCH_PRODUCTS", 100_000);
    static final int SEGMENT_CATEGORIES = Env.intValue("SEGMENTS_BENCH_SEGMENT_CATEGORIES", 3);
    static final int SEGMENT_PRODUCTS = Env.intValue("SEGMENTS_BENCH_SEGMENT_PRODUCTS", 20);

    /** Share of the categories on levels 0-4 (roots to depth 4); the rest is level 5 (depth 6). */
    private static final double[] LEVEL_SHARE = {0.001, 0.006, 0.03, 0.12, 0.30};
    /** How often a segment's CATEGORY assignment is on level 1..5, in percent (never a root). */
    static final int[] ASSIGNED_LEVEL_PERCENT = {5, 15, 30, 25, 25};

    /** First category number of each level 0..5, then the number of categories. */
    final int[] start = new int[7];

    Catalog() {
        for (int k = 0; k < 5; k++) {
            start[k + 1] = start[k] + Math.max(1, (int) Math.round(CATEGORIES * LEVEL_SHARE[k]));
        }
        start[6] = CATEGORIES;
        if (start[5] >= CATEGORIES || CATEGORIES > 99_999 || PRODUCTS > 999_999) {
            throw new IllegalArgumentException("SEGMENTS_BENCH_CATEGORIES must be 100..99999 and PRODUCTS <= 999999");
        }
    }

    static String categoryId(int i) {
        return String.format("cat-%05d", i);
    }

    static String productId(int i) {
        return String.format("prd-%06d", i);
    }

    /** The level (0-5) of a category id. */
    int level(String categoryId) {
        int n = Integer.parseInt(categoryId.substring(4));
        int level = 0;
        while (n >= start[level + 1]) {
            level++;
        }
        return level;
    }

    /** "10 / 60 / 300 / ...": categories per level. */
    String levelSizes() {
        List<String> sizes = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            sizes.add(fmt(start[k + 1] - start[k], 0));
        }
        return String.join(" / ", sizes);
    }

    /** The items assigned to an item segment: categories at various depths and products. */
    record ItemSet(List<String> categories, List<String> products) {
    }

    /** The items of item segment {@code segment}. */
    ItemSet itemSet(int segment) {
        SplittableRandom r = new SplittableRandom(segment * 7_000_003L + 13);
        List<String> categories = new ArrayList<>();
        while (categories.size() < SEGMENT_CATEGORIES) {
            int p = r.nextInt(100);
            int level = 1;
            for (int k = 0; k < ASSIGNED_LEVEL_PERCENT.length && p >= ASSIGNED_LEVEL_PERCENT[k]; k++) {
                p -= ASSIGNED_LEVEL_PERCENT[k];
                level++;
            }
            String id = categoryId(start[level] + r.nextInt(start[level + 1] - start[level]));
            if (!categories.contains(id)) {
                categories.add(id);
            }
        }
        List<String> products = new ArrayList<>();
        while (products.size() < Math.min(SEGMENT_PRODUCTS, PRODUCTS)) {
            String id = productId(r.nextInt(PRODUCTS));
            if (!products.contains(id)) {
                products.add(id);
            }
        }
        return new ItemSet(categories, products);
    }

    /**
     * Writes the catalog replica directly, as the upstream feed would (the /reference API writes the same
     * columns with plain upserts and keeps no other state). Category i of level k > 0 hangs under a
     * pseudo-random category of level k-1. Returns the number of placements, formatted.
     */
    String seed(String url, String tenant) throws SQLException {
        try (Connection c = Jdbc.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int k = 0; k < 6; k++) {
                String parent = k == 0 ? "null" : "'cat-' || lpad((" + start[k - 1] + " + (i::bigint * 2654435761) % "
                        + (start[k] - start[k - 1]) + ")::text, 5, '0')";
                st.execute("insert into category_reference (tenant, category_id, parent_id, code, name, "
                        + "localized_description, localized_slug, ecn, validity_from, validity_to, position, published) "
                        + "select '" + tenant + "', 'cat-' || lpad(i::text, 5, '0'), " + parent + ", 'C' || i, "
                        + "jsonb_build_object('en', 'Category ' || i, 'de', 'Kategorie ' || i), null, "
                        + "jsonb_build_object('en', 'category-' || i), null, null, null, i - " + start[k] + ", true "
                        + "from generate_series(" + start[k] + ", " + (start[k + 1] - 1) + ") i");
            }
            st.execute("insert into product_reference (tenant, product_id, code, name) select '" + tenant + "', "
                    + "'prd-' || lpad(p::text, 6, '0'), 'P' || p, jsonb_build_object('en', 'Product ' || p, 'de', "
                    + "'Produkt ' || p) from generate_series(0, " + (PRODUCTS - 1) + ") p");
            st.execute("insert into product_category (tenant, category_id, product_id) select '" + tenant + "', "
                    + "'cat-' || lpad(x.c::text, 5, '0'), 'prd-' || lpad(x.p::text, 6, '0') from ("
                    + "select p, " + start[4] + " + (p::bigint * 40503) % " + (CATEGORIES - start[4]) + " as c "
                    + "from generate_series(0, " + (PRODUCTS - 1) + ") p union "
                    + "select p, " + start[2] + " + (p::bigint * 69069 + 7) % " + (CATEGORIES - start[2])
                    + " from generate_series(0, " + (PRODUCTS - 1) + ") p where p % 5 < 2) x");
            c.commit();
            return fmt(Double.parseDouble(Jdbc.scalarRow(c, "select count(*) from product_category")), 0);
        }
    }
}
