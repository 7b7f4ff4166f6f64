package dev.segments.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.events.Storable;
import java.util.List;
import java.util.Map;

/**
 * Reading command input from request JSON trees with messages that name the offending field. Bodies are
 * read as trees rather than bound to classes so that a wrong type becomes a precise 400. Free-form objects
 * (mixins) are bounded in size and depth so one resource cannot become a problem for every reader.
 */
public final class JsonInput {

    public static final int MAX_FREE_FORM_SIZE = 64 * 1024;
    public static final int MAX_FREE_FORM_DEPTH = 16;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonInput() {
    }

    public static ObjectNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CommandRejectedException.invalid("The request body must be a JSON object.");
        }
        return (ObjectNode) body;
    }

    /** The field's value, or null when it is absent or JSON null. */
    public static JsonNode optional(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public static String text(JsonNode object, String field) {
        JsonNode value = optional(object, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw CommandRejectedException.invalid("Field '" + field + "' must be a string.");
        }
        return value.textValue();
    }

    /** A free-form JSON object as plain maps and lists, within the size and depth limits. */
    public static Map<String, Object> freeForm(JsonNode value, String field) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw CommandRejectedException.invalid("Field '" + field + "' must be an object.");
        }
        Map<String, Object> map = MAPPER.convertValue(value, OBJECT);
        String problem = checkFreeForm(field, map);
        if (problem != null) {
            throw CommandRejectedException.invalid(problem);
        }
        return map;
    }

    /** The {@code metadata} object of a body, or null. */
    public static JsonNode metadata(JsonNode body) {
        JsonNode metadata = optional(body, "metadata");
        if (metadata != null && !metadata.isObject()) {
            throw CommandRejectedException.invalid("Field 'metadata' must be an object.");
        }
        return metadata;
    }

    /** {@code metadata.mixins} of a body, or null. */
    public static Map<String, Object> metadataMixins(JsonNode body) {
        JsonNode metadata = metadata(body);
        return metadata == null ? null : freeForm(optional(metadata, "mixins"), "metadata.mixins");
    }

    /** {@code metadata.version} of a body, or null when the client does not ask for a version check. */
    public static Long expectedVersion(JsonNode body) {
        JsonNode metadata = metadata(body);
        JsonNode version = metadata == null ? null : optional(metadata, "version");
        if (version == null) {
            return null;
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 1) {
            throw CommandRejectedException.invalid("Field 'metadata.version' must be a positive integer.");
        }
        return version.asLong();
    }

    /**
     * A message naming what is wrong with a free-form value, or null when it is within the limits: at most
     * {@value #MAX_FREE_FORM_DEPTH} levels deep, at most {@value #MAX_FREE_FORM_SIZE} bytes as compact UTF-8
     * JSON, and nothing the stores cannot hold ({@link Storable}).
     */
    public static String checkFreeForm(String field, Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        if (depth(value) > MAX_FREE_FORM_DEPTH) {
            return "Field '" + field + "' is nested deeper than " + MAX_FREE_FORM_DEPTH + " levels.";
        }
        String problem = Storable.freeFormProblem(field, value);
        if (problem != null) {
            return problem;
        }
        if (size(value) > MAX_FREE_FORM_SIZE) {
            return "Field '" + field + "' is larger than 64 KB (" + MAX_FREE_FORM_SIZE + " bytes of JSON).";
        }
        return null;
    }

    private static int depth(Object value) {
        int deepest = 0;
        if (value instanceof Map<?, ?> map) {
            for (Object child : map.values()) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        if (value instanceof List<?> list) {
            for (Object child : list) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        return 0;
    }

    private static long size(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Free-form values are plain JSON data", e);
        }
    }
}
