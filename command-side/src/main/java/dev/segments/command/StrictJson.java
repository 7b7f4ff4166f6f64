package dev.segments.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.segments.events.Storable;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the API reads JSON into typed request records: nothing is coerced (a number is no string, "5" no number,
 * "true" no boolean), date-times are ISO-8601 with an offset and kept to the microsecond, numbers in free-form
 * JSON stay exact decimals. A body that does not fit is answered with a message naming the field and what it
 * must be ({@link #problem}). Used for request bodies (the application's web mapper) and for a JSON Patch's
 * result (the patched document is read back like a request).
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A mapper that reads as the API reads. */
    public static ObjectMapper mapper() {
        return configure(JsonMapper.builder().build());
    }

    /** Applies the API's reading rules to a mapper (keeping whatever else it is configured for). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(new SimpleModule("strict-instants").addDeserializer(Instant.class, new Instants()));
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // a string is what a text field takes
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        // enums are read from their names
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        return mapper;
    }

    /**
     * The message for a body that does not fit its record: "Field 'validity.from' must be ...", naming the
     * field by its JSON path; for the body as a whole, what it must be.
     */
    public static String problem(JsonMappingException failure) {
        String path = path(failure);
        Class<?> type = failure instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == null && failure.getCause() instanceof InputCoercionException coercion) {
            type = coercion.getTargetType();
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidValue invalid) {
                String at = invalid.at == null ? path : path.isEmpty() ? invalid.at : path + "." + invalid.at;
                return "Field '" + at + "' " + invalid.getMessage();
            }
        }
        String expected = expected(type);
        if (path.isEmpty()) {
            return "The request body must be " + (type != null && (Collection.class.isAssignableFrom(type)
                    || type.isArray()) ? "a JSON array." : "a JSON object.");
        }
        return "Field '" + path + "' must be " + expected + ".";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 date-time with offset, e.g. 2024-04-17T08:00:00.000Z";
        }
        if (type == Long.class || type == long.class) {
            // the only 64-bit numbers requests carry are versions
            return "a positive integer";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (LocalizedValue.class.isAssignableFrom(type)) {
            return "an object of language to text";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "of another type";
    }

    private static String path(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A marker for types that take a localized text in either of its forms, for the message of a mismatch. */
    public interface LocalizedValue {
    }

    /**
     * A value that cannot be read, thrown by a type's own reading code; its message follows the field's name,
     * {@code at} (may be null) names the place inside the value.
     */
    public static final class InvalidValue extends IOException {

        private final String at;

        public InvalidValue(String problem) {
            this(null, problem);
        }

        public InvalidValue(String at, String problem) {
            super(problem);
            this.at = at;
        }
    }

    /** ISO-8601 date-times with an offset only (no epoch numbers), to the microsecond, within what is stored. */
    private static final class Instants extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            Instant instant;
            try {
                instant = Storable.storedPrecision(OffsetDateTime.parse(parser.getText()).toInstant());
            } catch (DateTimeParseException e) {
                throw JsonMappingException.from(parser, "date-time", new InvalidValue("must be an ISO-8601 date-time "
                        + "with offset, e.g. 2024-04-17T08:00:00.000Z."));
            }
            String problem = Storable.instantProblem(instant);
            if (problem != null) {
                throw JsonMappingException.from(parser, "date-time", new InvalidValue(problem));
            }
            return instant;
        }
    }
}
