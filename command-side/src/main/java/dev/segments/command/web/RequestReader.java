package dev.segments.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.StrictJson;
import dev.segments.events.segment.SegmentIdentity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads the entries of a bulk body one by one into their request records, as a single request's body is read
 * (the API's JSON rules and Bean Validation), so that a bad entry is that entry's 400 while the others are
 * applied.
 */
@Component
public class RequestReader {

    private final ObjectMapper mapper;
    private final Validator validator;

    RequestReader(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** The entry as a valid request record, or the entry's 400. */
    public <T> T read(JsonNode entry, Class<T> type) {
        T value;
        try {
            value = entry == null || entry.isNull() ? null : mapper.treeToValue(entry, type);
        } catch (JsonMappingException e) {
            String problem = StrictJson.problem(e);
            throw CommandRejectedException.invalid(problem.startsWith("The request body")
                    ? "Each entry must be a JSON object." : problem);
        } catch (JsonProcessingException e) {
            throw CommandRejectedException.invalid("Each entry must be a JSON object.");
        }
        if (value == null) {
            throw CommandRejectedException.invalid("Each entry must be a JSON object.");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw CommandRejectedException.invalid(Violations.message(violations));
        }
        return value;
    }

    /** The entry as an id (a bulk delete's entries are ids), or the entry's 400. */
    public String id(JsonNode entry, String what) {
        if (entry == null || !entry.isTextual()) {
            throw CommandRejectedException.invalid("Each entry must be " + what + ".");
        }
        if (!SegmentIdentity.ID.matcher(entry.textValue()).matches()) {
            throw CommandRejectedException.invalid("Each entry must be " + what + " of 1-64 characters of A-Z, a-z, "
                    + "0-9, '.', '_', '~', '-'.");
        }
        return entry.textValue();
    }
}
