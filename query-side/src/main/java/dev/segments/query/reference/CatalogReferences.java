package dev.segments.query.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.events.segment.Validity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The replica of the catalog: categories (a tree by {@code parentId}), products, and which products are
 * placed in which categories. Category writes of one tenant are serialized by an advisory lock, so two
 * concurrent moves cannot together create a cycle that each alone would not.
 */
@Component
public class CatalogReferences {

    static final int MAX_DEPTH = 64;

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    CatalogReferences(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Stores a category (also moving it to another parent); true when it was new. A category under itself or one
     * of its descendants, or valid from after it is valid to, is rejected.
     */
    @Transactional
    public boolean putCategory(String tenant, String categoryId, CategoryData category) {
        Validity validity = category.validity() == null ? new Validity(null, null) : category.validity();
        if (validity.from() != null && validity.to() != null && validity.from().isAfter(validity.to())) {
            throw new InvalidReferenceException("Field 'validity.from' must not be after 'validity.to'.");
        }
        if (categoryId.equals(category.parentId())) {
            throw new InvalidReferenceException("A category cannot be its own parent.");
        }
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "catalog:" + tenant);
        if (category.parentId() != null && createsCycle(tenant, categoryId, category.parentId())) {
            throw new InvalidReferenceException("Category " + categoryId + " cannot be placed under "
                    + category.parentId() + ": that would make it its own ancestor.");
        }
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                insert into category_reference (tenant, category_id, parent_id, code, name, localized_description,
                    localized_slug, ecn, validity_from, validity_to, position, published)
                values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?)
                on conflict (tenant, category_id) do update set parent_id = excluded.parent_id, code = excluded.code,
                    name = excluded.name, localized_description = excluded.localized_description,
                    localized_slug = excluded.localized_slug, ecn = excluded.ecn,
                    validity_from = excluded.validity_from, validity_to = excluded.validity_to,
                    position = excluded.position, published = excluded.published
                returning (xmax = 0)""", Boolean.class, tenant, categoryId, category.parentId(), category.code(),
                json(category.name()), json(category.localizedDescription()), json(category.localizedSlug()),
                json(category.ecn()), timestamp(validity.from()), timestamp(validity.to()), category.position(),
                category.published()));
    }

    /** Forgets a category and its product placements; its subcategories keep pointing at it and become roots. */
    @Transactional
    public void deleteCategory(String tenant, String categoryId) {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "catalog:" + tenant);
        jdbc.update("delete from product_category where tenant = ? and category_id = ?", tenant, categoryId);
        jdbc.update("delete from category_reference where tenant = ? and category_id = ?", tenant, categoryId);
    }

    /** Places a product in a category; true when it was not placed there before. */
    public boolean placeProduct(String tenant, String categoryId, String productId) {
        return jdbc.update("insert into product_category (tenant, category_id, product_id) values (?, ?, ?) "
                + "on conflict do nothing", tenant, categoryId, productId) == 1;
    }

    public void removeProduct(String tenant, String categoryId, String productId) {
        jdbc.update("delete from product_category where tenant = ? and category_id = ? and product_id = ?", tenant,
                categoryId, productId);
    }

    /** Stores a product's code and localized name (JSON text); true when it was new. */
    public boolean putProduct(String tenant, String productId, ProductData product) {
        return Boolean.TRUE.equals(jdbc.queryForObject("insert into product_reference (tenant, product_id, code, name) "
                + "values (?, ?, ?, cast(? as jsonb)) on conflict (tenant, product_id) do update set "
                + "code = excluded.code, name = excluded.name returning (xmax = 0)", Boolean.class, tenant, productId,
                product.code(), json(product.name())));
    }

    public void deleteProduct(String tenant, String productId) {
        jdbc.update("delete from product_reference where tenant = ? and product_id = ?", tenant, productId);
    }

    /** Whether {@code categoryId} is {@code parentId} or one of its ancestors. */
    private boolean createsCycle(String tenant, String categoryId, String parentId) {
        List<String> ancestors = jdbc.queryForList("""
                with recursive up (category_id, depth) as (
                    select cast(? as varchar), 0
                  union
                    select c.parent_id, up.depth + 1 from up
                    join category_reference c on c.tenant = ? and c.category_id = up.category_id
                    where c.parent_id is not null and up.depth < ?
                )
                select category_id from up""", String.class, parentId, tenant, MAX_DEPTH);
        return ancestors.contains(categoryId);
    }

    /** Localized texts and {@code ecn} are stored as JSON. */
    private String json(Object value) {
        try {
            return value == null ? null : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Plain texts always serialize", e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
