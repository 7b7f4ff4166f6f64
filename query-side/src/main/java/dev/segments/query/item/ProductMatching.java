package dev.segments.query.item;

import dev.segments.events.item.FindMatchingProductsQuery;
import dev.segments.events.item.MatchingProductsResponse;
import dev.segments.events.item.MatchingProductsResponse.MatchReason;
import dev.segments.events.item.MatchingProductsResponse.ProductMatch;
import java.sql.Array;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which products belong to some of the given segments. One statement walks from each product's categories
 * up to the root (bounded by the tree's depth, never down the whole subtree of an assigned category) and
 * keeps the steps that meet a CATEGORY assignment of an active segment of the site; direct PRODUCT
 * assignments are the other half. Category moves therefore apply at once: nothing is precomputed.
 */
@Component
class ProductMatching {

    static final int MAX_DEPTH = 64;

    private static final String SQL = """
            with recursive chain (product_id, category_id, path) as (
                select pc.product_id, pc.category_id, array[pc.category_id]::varchar[]
                from product_category pc
                where pc.tenant = ? and pc.product_id = any (?)
              union all
                select chain.product_id, c.parent_id, chain.path || c.parent_id
                from chain join category_reference c on c.tenant = ? and c.category_id = chain.category_id
                where c.parent_id is not null and cardinality(chain.path) < ? and c.parent_id <> all (chain.path)
            ),
            live as (
                select s.id from segment_view s
                where s.tenant = ? and s.id = any (?) and s.site_code = ? and s.status = 'ACTIVE'
                  and (s.validity_from is null or s.validity_from <= ?) and (s.validity_to is null or s.validity_to > ?)
            )
            select chain.product_id, a.segment_id, chain.path
            from chain join item_assignment_view a on a.tenant = ? and a.item_type = 'CATEGORY'
                 and a.item_id = chain.category_id and a.segment_id in (select id from live)
            union all
            select a.item_id, a.segment_id, null
            from item_assignment_view a
            where a.tenant = ? and a.item_type = 'PRODUCT' and a.item_id = any (?) and a.segment_id in (select id from live)
            """;

    private final JdbcTemplate jdbc;

    ProductMatching(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    MatchingProductsResponse handle(FindMatchingProductsQuery query) {
        String[] products = query.productIds().toArray(String[]::new);
        String[] segments = query.segmentIds().toArray(String[]::new);
        Timestamp now = Timestamp.from(query.activeAt());
        Map<String, List<MatchReason>> reasons = new LinkedHashMap<>();
        jdbc.query(SQL, rs -> {
            Array path = rs.getArray("path");
            List<String> categoryPath = null;
            if (path != null) {
                // the walk went from the product's category upwards; show it from the assigned category down
                categoryPath = new ArrayList<>(Arrays.asList((String[]) path.getArray()));
                Collections.reverse(categoryPath);
            }
            reasons.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                    .add(new MatchReason(rs.getString("segment_id"), path == null, categoryPath));
        }, query.tenant(), products, query.tenant(), MAX_DEPTH, query.tenant(), segments, query.siteCode(), now, now,
                query.tenant(), query.tenant(), products);
        List<ProductMatch> matches = new ArrayList<>();
        for (String productId : new java.util.LinkedHashSet<>(query.productIds())) {
            List<MatchReason> found = reasons.get(productId);
            if (found != null) {
                matches.add(new ProductMatch(productId, found));
            }
        }
        return new MatchingProductsResponse(matches);
    }
}
