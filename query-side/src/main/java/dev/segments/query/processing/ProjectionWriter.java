package dev.segments.query.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How projections write: plain SQL statements, staged per batch and sent as JDBC batches (consecutive runs of
 * the same statement) when the batch's transaction commits, in event order, together with the processor's
 * token. A bulk request hands a projection hundreds of events at once; a round trip each was most of its cost.
 * A batch that runs isolated sends each event's statements right after the event instead, see
 * {@code BatchIsolation}. What a projection remembers within a batch (for example which generation a segment
 * is in) lives in the batch's caches, which go with a failed event's statements.
 */
@Component
public class ProjectionWriter {

    private static final String BATCH = ProjectionWriter.class.getName() + ".batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    ProjectionWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stages a statement of the current batch (runs it at once outside of one). */
    public void write(String sql, Object... arguments) {
        Batch batch = batch();
        if (batch == null) {
            jdbc.update(sql, arguments);
        } else {
            batch.statements.add(sql, arguments);
        }
    }

    /**
     * The current batch sends runs of one insert as multi-row statements (a rebuild, writing tables no reader sees;
     * see {@link StagedStatements}). The rows, and their order, stay what the handlers wrote.
     */
    public void multiRowInserts() {
        Batch batch = batch();
        if (batch != null) {
            batch.statements.multiRowInserts();
        }
    }

    /** Runs what the current batch staged so far. */
    public void flush() {
        Batch batch = batch();
        if (batch != null) {
            batch.flush(jdbc);
        }
    }

    /** Drops what the current batch staged and remembered since the last flush (its writes were rolled back). */
    public void discard() {
        Batch batch = batch();
        if (batch != null) {
            batch.statements.clear();
            batch.caches.clear();
        }
    }

    /** A cache that lives as long as the current batch (a fresh map outside of one). */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> cache(String name) {
        Batch batch = batch();
        return batch == null ? new HashMap<>() : (Map<K, V>) batch.caches.computeIfAbsent(name, key -> new HashMap<>());
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A JSON value for a {@code cast(? as jsonb)} parameter. */
    public static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not plain JSON data: " + value.getClass().getName(), e);
        }
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(committing -> batch.flush(jdbc));
            return batch;
        });
    }

    private static final class Batch {
        private final StagedStatements statements = new StagedStatements();
        private final Map<String, Map<?, ?>> caches = new HashMap<>();

        void flush(JdbcTemplate jdbc) {
            statements.flush(jdbc);
        }
    }
}
