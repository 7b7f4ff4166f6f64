package dev.segments.query.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.events.ResourceMetadata;
import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.FindSegmentsQuery;
import dev.segments.events.segment.SegmentPageResponse;
import dev.segments.events.segment.SegmentResponse;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import dev.segments.query.search.CompiledSearch;
import dev.segments.query.search.SearchSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Answers segment queries from {@code segment_view} with plain SQL: the q language compiles to a
 * parameterized WHERE clause over these columns, and point reads skip the ORM entirely.
 */
@Component
class SegmentQueries {

    static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("id", "s.id")
            .localized("name", "s.name")
            .localized("description", "s.description")
            .text("status", "s.status")
            .text("siteCode", "s.site_code")
            .date("validity.from", "s.validity_from")
            .date("validity.to", "s.validity_to")
            .json("mixins", "s.mixins")
            .number("metadata.version", "s.version")
            .date("metadata.createdAt", "s.created_at")
            .date("metadata.modifiedAt", "s.modified_at")
            .json("metadata.mixins", "s.metadata_mixins")
            .tieBreaker("s.id")
            .build();

    private static final String COLUMNS = "s.id, s.name, s.description, s.status, s.site_code, s.validity_from, "
            + "s.validity_to, s.mixins, s.metadata_mixins, s.version, s.created_at, s.modified_at";
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final RowMapper<SegmentResponse> rowMapper = this::map;

    SegmentQueries(JdbcTemplate searchJdbcTemplate, ObjectMapper mapper) {
        this.jdbc = searchJdbcTemplate;
        this.mapper = mapper;
    }

    @QueryHandler
    SegmentResponse handle(FindSegmentQuery query) {
        List<SegmentResponse> found = jdbc.query("select " + COLUMNS + " from segment_view s where s.tenant = ? "
                + "and s.id = ?", rowMapper, query.tenant(), query.segmentId());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    SegmentPageResponse handle(FindSegmentsQuery query) {
        CompiledSearch search = SCHEMA.compile(query.q(), query.sort());
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.tenant());
        parameters.addAll(search.whereParameters());
        parameters.addAll(search.orderParameters());
        parameters.add(query.pageSize());
        parameters.add((long) (query.pageNumber() - 1) * query.pageSize());
        List<SegmentResponse> page = jdbc.query("select " + COLUMNS + " from segment_view s where s.tenant = ? and ("
                + search.where() + ") order by " + search.orderBy() + " limit ? offset ?", rowMapper,
                parameters.toArray());
        Long total = null;
        if (query.withTotal()) {
            List<Object> countParameters = new ArrayList<>();
            countParameters.add(query.tenant());
            countParameters.addAll(search.whereParameters());
            total = jdbc.queryForObject("select count(*) from segment_view s where s.tenant = ? and ("
                    + search.where() + ")", Long.class, countParameters.toArray());
        }
        return new SegmentPageResponse(page, total);
    }

    private SegmentResponse map(ResultSet rs, int row) throws SQLException {
        Instant from = instant(rs.getTimestamp("validity_from"));
        Instant to = instant(rs.getTimestamp("validity_to"));
        return new SegmentResponse(
                rs.getString("id"),
                json(rs.getString("name"), TEXTS),
                json(rs.getString("description"), TEXTS),
                from == null && to == null ? null : new Validity(from, to),
                SegmentStatus.valueOf(rs.getString("status")),
                rs.getString("site_code"),
                json(rs.getString("mixins"), OBJECT),
                new ResourceMetadata(instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("modified_at")), rs.getLong("version"),
                        json(rs.getString("metadata_mixins"), OBJECT)));
    }

    private <T> T json(String value, TypeReference<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("segment_view holds invalid JSON", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
