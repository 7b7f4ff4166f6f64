package dev.segments.query.item;

import static dev.segments.query.Rows.OBJECT;
import static dev.segments.query.Rows.TEXTS;
import static dev.segments.query.Rows.instant;
import static dev.segments.query.Rows.json;

import dev.segments.events.ResourceMetadata;
import dev.segments.events.item.FindItemAssignmentQuery;
import dev.segments.events.item.FindItemAssignmentsQuery;
import dev.segments.events.item.ItemAssignmentPageResponse;
import dev.segments.events.item.ItemAssignmentResponse;
import dev.segments.events.item.ItemReference;
import dev.segments.events.item.ItemType;
import dev.segments.query.SegmentFilters;
import dev.segments.query.PageQuery;
import dev.segments.query.search.SearchSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers item assignment queries from {@code item_assignment_details} (assignments with code and name from
 * the catalog replica), joined with the segment for site, activity and membership conditions. With
 * {@code asOf}, the same from the audit projection's versions of items and segments at that instant.
 */
@Component
class ItemAssignmentQueries {

    static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("segmentId", "i.segment_id")
            .text("type", "i.item_type")
            .text("item.id", "i.item_id")
            .text("item.code", "i.item_code")
            .localized("item.name", "i.item_name")
            .json("mixins", "i.mixins")
            .number("metadata.version", "i.version")
            .date("metadata.createdAt", "i.created_at")
            .date("metadata.modifiedAt", "i.modified_at")
            .json("metadata.mixins", "i.metadata_mixins")
            .tieBreaker("i.segment_id", "i.item_type", "i.item_id")
            .build();

    private static final String SELECT = "select i.segment_id, i.item_type, i.item_id, i.item_code, i.item_name, "
            + "i.mixins, i.metadata_mixins, i.version, i.created_at, i.modified_at";
    private static final String FROM = "from item_assignment_details i join segment_view s "
            + "on s.tenant = i.tenant and s.id = i.segment_id where i.tenant = ?";
    /** As of an instant: the item versions of then, of the segment's version of then (two parameters each). */
    private static final String FROM_VERSIONS = "from item_assignment_version_details i join segment_version s "
            + "on s.tenant = i.tenant and s.id = i.segment_id and s.valid_from <= ? "
            + "and (s.valid_to is null or s.valid_to > ?) where i.tenant = ? and i.valid_from <= ? "
            + "and (i.valid_to is null or i.valid_to > ?)";

    private final JdbcTemplate jdbc;

    ItemAssignmentQueries(DataSource dataSource, @Value("${segments.query.statement-timeout:2s}") Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    @QueryHandler
    ItemAssignmentResponse handle(FindItemAssignmentQuery query) {
        List<ItemAssignmentResponse> found = jdbc.query(SELECT + " " + (query.asOf() == null ? FROM : FROM_VERSIONS)
                + " and i.segment_id = ? and i.item_type = ? and i.item_id = ?", ItemAssignmentQueries::map,
                Stream.concat(from(query.tenant(), query.asOf()).stream(), Stream.of(query.segmentId(),
                        query.type().name(), query.itemId())).toArray());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    ItemAssignmentPageResponse handle(FindItemAssignmentsQuery query) {
        PageQuery page = PageQuery.of(SCHEMA.compile(query.q(), query.sort()));
        if (query.segmentId() != null) {
            page.and("i.segment_id = ?", query.segmentId());
        }
        if (query.siteCode() != null) {
            page.and("s.site_code = ?", query.siteCode());
        }
        SegmentFilters.active(query.activeAt(), page.conditions(), page.parameters());
        SegmentFilters.member(query.membership(), query.asOf(), page.conditions(), page.parameters());
        PageQuery.Page<ItemAssignmentResponse> result = page.fetch(jdbc, SELECT,
                query.asOf() == null ? FROM : FROM_VERSIONS, from(query.tenant(), query.asOf()),
                query.pageNumber(), query.pageSize(), query.withTotal(), ItemAssignmentQueries::map);
        return new ItemAssignmentPageResponse(result.rows(), result.total());
    }

    /** The parameters of {@link #FROM} or {@link #FROM_VERSIONS}. */
    private static List<Object> from(String tenant, Instant asOf) {
        if (asOf == null) {
            return List.of(tenant);
        }
        Timestamp at = Timestamp.from(asOf);
        return List.of(at, at, tenant, at, at);
    }

    private static ItemAssignmentResponse map(ResultSet rs, int row) throws SQLException {
        return new ItemAssignmentResponse(
                rs.getString("segment_id"),
                ItemType.valueOf(rs.getString("item_type")),
                new ItemReference(rs.getString("item_id"), rs.getString("item_code"), json(rs, "item_name", TEXTS)),
                json(rs, "mixins", OBJECT),
                new ResourceMetadata(instant(rs, "created_at"), instant(rs, "modified_at"), rs.getLong("version"),
                        json(rs, "metadata_mixins", OBJECT)));
    }
}
