package dev.segments.query.audit;

import static dev.segments.query.Rows.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.segments.events.audit.FindSegmentHistoryQuery;
import dev.segments.events.audit.HistoryChange;
import dev.segments.events.audit.HistoryEntryResponse;
import dev.segments.events.audit.HistoryResource;
import dev.segments.events.audit.SegmentHistoryPageResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers history queries from {@code segment_history}: one index range of (tenant, segment, global index), so a
 * page costs the same for a segment with ten events or ten thousand (the total, when asked for, counts them).
 */
@Component
class AuditQueries {

    private static final TypeReference<List<HistoryChange>> CHANGES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    AuditQueries(DataSource dataSource, @Value("${segments.query.statement-timeout:2s}") Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    @QueryHandler
    SegmentHistoryPageResponse handle(FindSegmentHistoryQuery query) {
        StringBuilder where = new StringBuilder(" from segment_history where tenant = ? and segment_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(query.tenant(), query.segmentId()));
        if (query.from() != null) {
            where.append(" and occurred_at >= ?");
            parameters.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and occurred_at < ?");
            parameters.add(Timestamp.from(query.to()));
        }
        if (query.types() != null && !query.types().isEmpty()) {
            where.append(" and type = any (?)");
            parameters.add(query.types().toArray(String[]::new));
        }
        List<Object> page = new ArrayList<>(parameters);
        page.add(query.pageSize());
        page.add((long) (query.pageNumber() - 1) * query.pageSize());
        List<HistoryEntryResponse> entries = jdbc.query("select event_id, type, occurred_at, generation, caller, "
                + "correlation_id, resource, changes" + where + " order by global_index limit ? offset ?",
                AuditQueries::map, page.toArray());
        Long total = query.withTotal()
                ? jdbc.queryForObject("select count(*)" + where, Long.class, parameters.toArray()) : null;
        boolean known = !entries.isEmpty() || Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 "
                + "from segment_history where tenant = ? and segment_id = ?)", Boolean.class, query.tenant(),
                query.segmentId()));
        return new SegmentHistoryPageResponse(known, entries, total);
    }

    private static HistoryEntryResponse map(ResultSet rs, int row) throws SQLException {
        try {
            String changes = rs.getString("changes");
            return new HistoryEntryResponse(rs.getString("event_id"), rs.getString("type"),
                    instant(rs, "occurred_at"), rs.getLong("generation"), rs.getString("caller"),
                    rs.getString("correlation_id"),
                    AuditChanges.MAPPER.readValue(rs.getString("resource"), HistoryResource.class),
                    changes == null ? null : AuditChanges.MAPPER.readValue(changes, CHANGES));
        } catch (JsonProcessingException e) {
            throw new SQLException("segment_history holds invalid JSON", e);
        }
    }
}
