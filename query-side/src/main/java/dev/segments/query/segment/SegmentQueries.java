package dev.segments.query.segment;

import static dev.segments.query.Rows.OBJECT;
import static dev.segments.query.Rows.TEXTS;
import static dev.segments.query.Rows.instant;
import static dev.segments.query.Rows.json;

import dev.segments.events.ResourceMetadata;
import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.FindSegmentsQuery;
import dev.segments.events.segment.SegmentPageResponse;
import dev.segments.events.segment.SegmentResponse;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import dev.segments.query.SegmentFilters;
import dev.segments.query.PageQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers segment queries from {@code segment_view} with plain SQL: the q language compiles to a
 * parameterized WHERE clause over these columns, point reads skip the ORM, and membership restrictions
 * (customer tokens, {@code customerId}) become an indexed semi-join on the customer assignments. With
 * {@code asOf}, the same from the audit projection's versions ({@code segment_version}, which has the view's
 * columns) at that instant.
 */
@Component
class SegmentQueries {

    private static final String SELECT = "select s.id, s.name, s.description, s.status, s.site_code, "
            + "s.validity_from, s.validity_to, s.mixins, s.metadata_mixins, s.version, s.created_at, s.modified_at";
    private static final String FROM = "from segment_view s where s.tenant = ?";
    private static final String FROM_VERSIONS = "from segment_version s where s.tenant = ?";

    private final JdbcTemplate jdbc;

    SegmentQueries(DataSource dataSource, @Value("${segments.query.statement-timeout:2s}") Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    @QueryHandler
    SegmentResponse handle(FindSegmentQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" ").append(query.asOf() == null ? FROM : FROM_VERSIONS)
                .append(" and s.id = ?");
        List<Object> parameters = new ArrayList<>(List.of(query.tenant(), query.segmentId()));
        if (query.asOf() != null) {
            SegmentFilters.at("s", query.asOf(), sql, parameters);
        }
        SegmentFilters.member(query.membership(), query.asOf(), sql, parameters);
        if (query.asOf() != null) {
            // the latest version begun by then, found walking back from it: one index row, however long the history
            sql.append(" order by s.valid_from desc, s.from_index desc limit 1");
        }
        List<SegmentResponse> found = jdbc.query(sql.toString(), SegmentQueries::map, parameters.toArray());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    SegmentPageResponse handle(FindSegmentsQuery query) {
        PageQuery page = PageQuery.of(SegmentSearch.SCHEMA.compile(query.q(), query.sort()));
        if (query.asOf() != null) {
            SegmentFilters.at("s", query.asOf(), page.conditions(), page.parameters());
        }
        SegmentFilters.member(query.membership(), query.asOf(), page.conditions(), page.parameters());
        PageQuery.Page<SegmentResponse> result = page.fetch(jdbc, SELECT, query.asOf() == null ? FROM : FROM_VERSIONS,
                List.of(query.tenant()),
                query.pageNumber(), query.pageSize(), query.withTotal(), SegmentQueries::map);
        return new SegmentPageResponse(result.rows(), result.total());
    }

    private static SegmentResponse map(ResultSet rs, int row) throws SQLException {
        Instant from = instant(rs, "validity_from");
        Instant to = instant(rs, "validity_to");
        return new SegmentResponse(
                rs.getString("id"),
                json(rs, "name", TEXTS),
                json(rs, "description", TEXTS),
                from == null && to == null ? null : new Validity(from, to),
                SegmentStatus.valueOf(rs.getString("status")),
                rs.getString("site_code"),
                json(rs, "mixins", OBJECT),
                new ResourceMetadata(instant(rs, "created_at"), instant(rs, "modified_at"), rs.getLong("version"),
                        json(rs, "metadata_mixins", OBJECT)));
    }
}
