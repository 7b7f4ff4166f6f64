package dev.segments.query.item;

import static dev.segments.query.Rows.TEXTS;
import static dev.segments.query.Rows.instant;
import static dev.segments.query.Rows.json;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.segments.events.item.CategoryTreesResponse;
import dev.segments.events.item.CategoryTreesResponse.Category;
import dev.segments.events.item.FindCategoryTreesQuery;
import dev.segments.events.segment.Validity;
import dev.segments.query.SegmentFilters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The category trees a customer's active segments have assigned: every assigned category with all its
 * descendants (assigned through it) and its ancestors up to the root (there only to complete the path).
 * One statement collects the categories, the tree is put together in memory, and a category assigned in
 * several segments appears once.
 */
@Component
class CategoryTrees {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final String SQL = """
            with recursive assigned as (
                select distinct i.item_id as category_id
                from item_assignment_view i join segment_view s on s.tenant = i.tenant and s.id = i.segment_id
                where i.tenant = ? and i.item_type = 'CATEGORY' %s
            ),
            below (category_id, depth) as (
                select category_id, 0 from assigned
              union
                select c.category_id, below.depth + 1 from below
                join category_reference c on c.tenant = ? and c.parent_id = below.category_id
                where below.depth < ?
            ),
            above (category_id, depth) as (
                select c.parent_id, 1 from assigned join category_reference c
                  on c.tenant = ? and c.category_id = assigned.category_id where c.parent_id is not null
              union
                select c.parent_id, above.depth + 1 from above
                join category_reference c on c.tenant = ? and c.category_id = above.category_id
                where c.parent_id is not null and above.depth < ?
            )
            select c.*, c.category_id in (select category_id from below) as assigned
            from category_reference c
            where c.tenant = ? and (c.category_id in (select category_id from below)
                                    or c.category_id in (select category_id from above))
            """;

    private final JdbcTemplate jdbc;

    CategoryTrees(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    CategoryTreesResponse handle(FindCategoryTreesQuery query) {
        StringBuilder segmentFilter = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.tenant());
        if (query.siteCode() != null) {
            segmentFilter.append(" and s.site_code = ?");
            parameters.add(query.siteCode());
        }
        SegmentFilters.member(query.membership(), segmentFilter, parameters);
        parameters.addAll(List.of(query.tenant(), ProductMatching.MAX_DEPTH, query.tenant(), query.tenant(),
                ProductMatching.MAX_DEPTH, query.tenant()));

        Map<String, Node> nodes = new LinkedHashMap<>();
        jdbc.query(SQL.formatted(segmentFilter), rs -> {
            Instant from = instant(rs, "validity_from");
            Instant to = instant(rs, "validity_to");
            Object position = rs.getObject("position");
            Object published = rs.getObject("published");
            nodes.put(rs.getString("category_id"), new Node(rs.getString("category_id"), rs.getString("parent_id"),
                    rs.getString("code"), json(rs, "name", TEXTS), json(rs, "localized_description", TEXTS),
                    json(rs, "localized_slug", TEXTS), json(rs, "ecn", STRINGS),
                    from == null && to == null ? null : new Validity(from, to),
                    position == null ? null : ((Number) position).intValue(), (Boolean) published,
                    rs.getBoolean("assigned")));
        }, parameters.toArray());
        return new CategoryTreesResponse(assemble(nodes));
    }

    /** Links the categories into trees; roots are those whose parent is not among them. */
    private static List<Category> assemble(Map<String, Node> nodes) {
        Map<String, List<Node>> children = new HashMap<>();
        List<Node> roots = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.parentId() != null && nodes.containsKey(node.parentId())) {
                children.computeIfAbsent(node.parentId(), id -> new ArrayList<>()).add(node);
            } else {
                roots.add(node);
            }
        }
        return build(roots, children, new HashSet<>());
    }

    private static List<Category> build(List<Node> level, Map<String, List<Node>> children, Set<String> seen) {
        List<Category> categories = new ArrayList<>();
        level.stream().sorted(Comparator.comparing(Node::position, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Node::id))
                .filter(node -> seen.add(node.id()))
                .forEach(node -> categories.add(node.toCategory(build(children.getOrDefault(node.id(), List.of()),
                        children, seen))));
        return categories;
    }

    private record Node(String id, String parentId, String code, Map<String, String> name,
                        Map<String, String> description, Map<String, String> slug, List<String> ecn,
                        Validity validity, Integer position, Boolean published, boolean assigned) {

        Category toCategory(List<Category> subcategories) {
            return new Category(id, parentId, code, name, description, slug, ecn, validity, position, published,
                    assigned, subcategories);
        }
    }
}
