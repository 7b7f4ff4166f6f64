package dev.segments.command.consistency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the positions that event processors have committed to {@code token_entry}. Reading the stored
 * tokens (instead of asking the processors in memory) works the same whether the processors run in this
 * JVM or on separate query nodes, and only counts work whose projection transaction has committed.
 */
public class ProcessorPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final List<String> processors;

    public ProcessorPositions(JdbcTemplate jdbc, Serializer serializer, List<String> processors) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processors = processors;
    }

    /**
     * A snapshot of every segment token of the watched processors, and whether any of them has parked events
     * in the dead-letter queue (in the same statement: the two commit together).
     */
    public Snapshot read() {
        Map<String, List<TrackingToken>> tokens = new HashMap<>();
        processors.forEach(name -> tokens.put(name, new ArrayList<>()));
        boolean[] parked = {false};
        jdbc.query("select t.processor_name, t.token, t.token_type, exists (select 1 from dead_letter_entry d "
                        + "where d.processing_group = t.processor_name) as parked from token_entry t "
                        + "where t.processor_name = any (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", processors.toArray())),
                rs -> {
                    byte[] token = rs.getBytes("token");
                    String type = rs.getString("token_type");
                    tokens.get(rs.getString("processor_name")).add(token == null || type == null ? null
                            : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
                    parked[0] |= rs.getBoolean("parked");
                });
        return new Snapshot(tokens, parked[0]);
    }

    /** Processor tokens at one moment, and whether any watched processor has parked events then. */
    public record Snapshot(Map<String, List<TrackingToken>> tokens, boolean parked) {

        /**
         * The position up to which a processor has processed every event (the lowest of its segments, below
         * its oldest gap), or -1 when it has no position yet.
         */
        public long position(String processor) {
            List<TrackingToken> segments = tokens.getOrDefault(processor, List.of());
            if (segments.isEmpty() || segments.stream().anyMatch(Objects::isNull)) {
                return -1;
            }
            return segments.stream().mapToLong(Snapshot::complete).min().orElse(-1);
        }

        private static long complete(TrackingToken token) {
            TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
            if (current instanceof GapAwareTrackingToken gapAware) {
                return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
            }
            return current == null ? -1 : current.position().orElse(-1);
        }

        /** Whether every watched processor has processed the event stored at {@code globalIndex}. */
        public boolean covers(long globalIndex) {
            return tokens.values().stream().allMatch(segments -> !segments.isEmpty()
                    && segments.stream().allMatch(token -> covers(token, globalIndex)));
        }

        private static boolean covers(TrackingToken token, long globalIndex) {
            TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
            if (current instanceof GapAwareTrackingToken gapAware) {
                // gaps below our event belong to other writers' transactions and do not matter here
                return gapAware.getIndex() >= globalIndex && !gapAware.getGaps().contains(globalIndex);
            }
            return current != null && current.position().orElse(-1) >= globalIndex;
        }
    }
}
