package dev.segments.query.reference;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletions of reference data, with their time: an upsert older than the deletion of its row is stale, so a
 * replayed topic cannot bring a deleted customer, category or placement back.
 */
final class Tombstones {

    static final String CUSTOMER = "customer";
    static final String LEGAL_ENTITY = "legal-entity";
    static final String CATEGORY = "category";
    static final String PRODUCT = "product";
    static final String PLACEMENT = "placement";

    private final JdbcTemplate jdbc;

    Tombstones(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the row was deleted at or after {@code time}. */
    boolean deletedSince(String tenant, String kind, String id, Instant time) {
        return !jdbc.queryForList("select 1 from reference_tombstone where tenant = ? and kind = ? and id = ? "
                + "and source_time >= ?", tenant, kind, id, Timestamp.from(time)).isEmpty();
    }

    /** Records a deletion at {@code time} (a later one recorded already stays). */
    void mark(String tenant, String kind, String id, Instant time) {
        jdbc.update("insert into reference_tombstone (tenant, kind, id, source_time) values (?, ?, ?, ?) "
                + "on conflict (tenant, kind, id) do update set source_time = excluded.source_time "
                + "where reference_tombstone.source_time < excluded.source_time", tenant, kind, id,
                Timestamp.from(time));
    }

    /**
     * Deletes the row of {@code table} that {@code keyCondition} (with {@code keys}) names, unless it is newer than
     * {@code time}, and records the deletion as {@code kind}/{@code id}. {@link ReferenceOutcome#STALE} when the
     * row, or an earlier recorded deletion, is newer.
     */
    ReferenceOutcome delete(String table, String keyCondition, String kind, String tenant, String id, Instant time,
                            Object... keys) {
        Object[] arguments = new Object[keys.length + 2];
        arguments[0] = tenant;
        System.arraycopy(keys, 0, arguments, 1, keys.length);
        arguments[keys.length + 1] = Timestamp.from(time);
        String row = " where tenant = ? and " + keyCondition;
        int deleted = jdbc.update("delete from " + table + row + " and source_time <= ?", arguments);
        boolean newerRow = deleted == 0 && !jdbc.queryForList("select 1 from " + table + row,
                Arrays.copyOf(arguments, keys.length + 1)).isEmpty();
        if (newerRow || deletedSince(tenant, kind, id, time.plus(1, ChronoUnit.MICROS))) {
            return ReferenceOutcome.STALE;
        }
        mark(tenant, kind, id, time);
        return ReferenceOutcome.DELETED;
    }

    /** The outcome of an upsert that returns {@code (xmax = 0)} for a new row and no row when it was stale. */
    static ReferenceOutcome upserted(List<Boolean> inserted) {
        return inserted.isEmpty() ? ReferenceOutcome.STALE
                : inserted.get(0) ? ReferenceOutcome.CREATED : ReferenceOutcome.UPDATED;
    }
}
