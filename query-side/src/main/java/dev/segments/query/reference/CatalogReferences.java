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
 * concurrent moves cannot together create a cycle that each alone would not. Every change carries the time it
 * happened upstream; an older one than the replica holds (or has deleted) is ignored.
 */
@Component
public class CatalogReferences {

    static final int MAX_DEPTH = 64;

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Tombstones tombstones;

    CatalogReferences(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.tombstones = new Tombstones(jdbc);
    }

    /**
     * Stores a category as of {@code time} (also moving it to another parent). A category under itself or one of
     * its descendants, or valid from after it is valid to, is rejected.
     */
    @Transactional
    public ReferenceOutcome putCategory(String tenant, String categoryId, CategoryData category, Instant time) {
        Validity validity = category.validity() == null ? new Validity(null, null) : category.validity();
        if (validity.from() != null && validity.to() != null && validity.from().isAfter(validity.to())) {
            throw new InvalidReferenceException("Field 'validity.from' must not be after 'validity.to'.");
        }
        if (categoryId.equals(category.parentId())) {
            throw new InvalidReferenceException("A category cannot be its own parent.");
        }
        lockTree(tenant);
        if (tombstones.deletedSince(tenant, Tombstones.CATEGORY, categoryId, time)) {
            return ReferenceOutcome.STALE;
        }
        if (category.parentId() != null && createsCycle(tenant, categoryId, category.parentId())) {
            throw new InvalidReferenceException("Category " + categoryId + " cannot be placed under "
                    + category.parentId() + ": that would make it its own ancestor.");
        }
        return Tombstones.upserted(jdbc.queryForList("""
                insert into category_reference (tenant, category_id, parent_id, code, name, localized_description,
                    localized_slug, ecn, validity_from, validity_to, position, published, source_time)
                values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?,
                    ?)
                on conflict (tenant, category_id) do update set parent_id = excluded.parent_id, code = excluded.code,
                    name = excluded.name, localized_description = excluded.localized_description,
                    localized_slug = excluded.localized_slug, ecn = excluded.ecn,
                    validity_from = excluded.validity_from, validity_to = excluded.validity_to,
                    position = excluded.position, published = excluded.published, source_time = excluded.source_time
                where category_reference.source_time <= excluded.source_time
                returning (xmax = 0)""", Boolean.class, tenant, categoryId, category.parentId(), category.code(),
                json(category.name()), json(category.localizedDescription()), json(category.localizedSlug()),
                json(category.ecn()), timestamp(validity.from()), timestamp(validity.to()), category.position(),
                category.published(), timestamp(time)));
    }

    /**
     * Forgets a category as of {@code time}, and its product placements; its subcategories keep pointing at it and
     * become roots.
     */
    @Transactional
    public ReferenceOutcome deleteCategory(String tenant, String categoryId, Instant time) {
        lockTree(tenant);
        ReferenceOutcome outcome = tombstones.delete("category_reference", "category_id = ?", Tombstones.CATEGORY,
                tenant, categoryId, time, categoryId);
        if (outcome == ReferenceOutcome.DELETED) {
            jdbc.update("delete from product_category where tenant = ? and category_id = ? and source_time <= ?",
                    tenant, categoryId, timestamp(time));
        }
        return outcome;
    }

    /** Places a product in a category as of {@code time}. */
    @Transactional
    public ReferenceOutcome placeProduct(String tenant, String categoryId, String productId, Instant time) {
        if (tombstones.deletedSince(tenant, Tombstones.CATEGORY, categoryId, time)
                || tombstones.deletedSince(tenant, Tombstones.PLACEMENT, placement(categoryId, productId), time)) {
            return ReferenceOutcome.STALE;
        }
        return Tombstones.upserted(jdbc.queryForList("insert into product_category (tenant, category_id, product_id, "
                + "source_time) values (?, ?, ?, ?) on conflict (tenant, category_id, product_id) do update set "
                + "source_time = excluded.source_time where product_category.source_time <= excluded.source_time "
                + "returning (xmax = 0)", Boolean.class, tenant, categoryId, productId, timestamp(time)));
    }

    /** Takes a product out of a category as of {@code time}. */
    @Transactional
    public ReferenceOutcome removeProduct(String tenant, String categoryId, String productId, Instant time) {
        return tombstones.delete("product_category", "category_id = ? and product_id = ?", Tombstones.PLACEMENT,
                tenant, placement(categoryId, productId), time, categoryId, productId);
    }

    /** Stores a product's code and localized name as of {@code time}. */
    @Transactional
    public ReferenceOutcome putProduct(String tenant, String productId, ProductData product, Instant time) {
        if (tombstones.deletedSince(tenant, Tombstones.PRODUCT, productId, time)) {
            return ReferenceOutcome.STALE;
        }
        return Tombstones.upserted(jdbc.queryForList("insert into product_reference (tenant, product_id, code, name, "
                + "source_time) values (?, ?, ?, cast(? as jsonb), ?) on conflict (tenant, product_id) do update set "
                + "code = excluded.code, name = excluded.name, source_time = excluded.source_time "
                + "where product_reference.source_time <= excluded.source_time returning (xmax = 0)", Boolean.class,
                tenant, productId, product.code(), json(product.name()), timestamp(time)));
    }

    @Transactional
    public ReferenceOutcome deleteProduct(String tenant, String productId, Instant time) {
        return tombstones.delete("product_reference", "product_id = ?", Tombstones.PRODUCT, tenant, productId, time,
                productId);
    }

    /** Category writes of one tenant take turns, so two moves cannot together make a cycle. */
    private void lockTree(String tenant) {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "catalog:" + tenant);
    }

    private static String placement(String categoryId, String productId) {
        return categoryId + "/" + productId;
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
