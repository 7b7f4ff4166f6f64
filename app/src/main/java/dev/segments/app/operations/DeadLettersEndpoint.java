package dev.segments.app.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.segments.app.web.ErrorBody;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/deadletters}: the events each projection parked because it could not apply them, grouped by
 * sequence (a segment: its later events wait behind the first failed one), and the operator's two remedies:
 * {@code retry} (hand the sequence to the projection again, in order; what fails again stays parked) and
 * {@code evict} (drop the parked events; the projection goes on without them, which the consistency check
 * then reports). Without {@code sequence}, the action applies to every sequence of the group.
 */
@WebEndpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private static final int MAX_LISTED = 1_000;

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final List<String> groups;

    public DeadLettersEndpoint(JdbcTemplate jdbc, EventProcessingConfiguration processing, List<String> groups) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.groups = List.copyOf(groups);
    }

    /** Per processing group: the number of parked events and the parked sequences (at most 1,000 listed). */
    @ReadOperation
    public Map<String, Object> deadLetters() {
        Map<String, Object> byGroup = new LinkedHashMap<>();
        for (String group : groups) {
            List<Map<String, Object>> sequences = new ArrayList<>();
            jdbc.query("""
                    select d.sequence_identifier, n.letters, d.event_identifier, d.payload_type, d.time_stamp,
                           d.aggregate_identifier, d.cause_type, d.cause_message
                    from (select sequence_identifier, count(*) as letters, min(sequence_index) as first
                          from dead_letter_entry where processing_group = ? group by sequence_identifier
                          order by sequence_identifier limit ?) n
                    join dead_letter_entry d on d.processing_group = ? and d.sequence_identifier = n.sequence_identifier
                         and d.sequence_index = n.first
                    order by d.sequence_identifier""", rs -> {
                Map<String, Object> sequence = new LinkedHashMap<>();
                String identifier = rs.getString("sequence_identifier");
                sequence.put("sequence", identifier);
                int colon = identifier.indexOf(':');
                if (colon > 0) {
                    sequence.put("tenant", identifier.substring(0, colon));
                    sequence.put("segment", identifier.substring(colon + 1));
                }
                sequence.put("letters", rs.getLong("letters"));
                sequence.put("firstEventId", rs.getString("event_identifier"));
                String payloadType = rs.getString("payload_type");
                sequence.put("type", payloadType.substring(payloadType.lastIndexOf('.') + 1));
                sequence.put("time", rs.getString("time_stamp"));
                sequence.put("aggregate", rs.getString("aggregate_identifier"));
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("type", rs.getString("cause_type"));
                failure.put("message", rs.getString("cause_message"));
                sequence.put("failure", failure);
                sequences.add(sequence);
            }, group, MAX_LISTED, group);
            Long count = jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?",
                    Long.class, group);
            Map<String, Object> parked = new LinkedHashMap<>();
            parked.put("count", count);
            parked.put("sequences", sequences);
            byGroup.put(group, parked);
        }
        return Map.of("groups", byGroup);
    }

    /** {@code {"action": "retry"|"evict", "sequence": "..."}}; without a sequence, every sequence of the group. */
    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String group, String action,
                                                        @Nullable String sequence) {
        if (!groups.contains(group)) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "No projection named " + group + ".");
        }
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(group).orElseThrow();
        List<String> sequences = sequence != null ? List.of(sequence) : jdbc.queryForList("select distinct "
                + "sequence_identifier from dead_letter_entry where processing_group = ?", String.class, group);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("group", group);
        result.put("action", action);
        switch (action) {
            case "retry" -> {
                SequencedDeadLetterProcessor<EventMessage<?>> processor =
                        processing.sequencedDeadLetterProcessor(group).orElseThrow();
                int succeeded = 0;
                for (String identifier : sequences) {
                    if (processor.process(letter -> identifier.equals(sequenceOf(letter)))) {
                        succeeded++;
                    }
                }
                result.put("sequences", sequences.size());
                result.put("succeeded", succeeded);
            }
            case "evict" -> {
                long evicted = 0;
                for (String identifier : sequences) {
                    for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(identifier)) {
                        queue.evict(letter);
                        evicted++;
                    }
                }
                result.put("sequences", sequences.size());
                result.put("evicted", evicted);
            }
            default -> {
                return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Field 'action' must be retry or evict.");
            }
        }
        result.put("remaining", jdbc.queryForObject("select count(*) from dead_letter_entry "
                + "where processing_group = ?", Long.class, group));
        return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_OK);
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> jdbcLetter ? jdbcLetter.getSequenceIdentifier() : null;
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(ErrorBody.of(HttpStatus.valueOf(status), message), status);
    }
}
