package dev.segments.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.events.Storable;
import java.util.List;
import java.util.Map;

/**
 * The limits of a free-form JSON object (mixins): at most {@value #MAX_DEPTH} levels deep, at most
 * {@value #MAX_SIZE} bytes as compact UTF-8 JSON, and nothing the stores cannot hold ({@link Storable}). They
 * keep one resource from becoming a problem for every reader. Problems are phrased to follow a field's name.
 */
public final class FreeForm {

    public static final int MAX_SIZE = 64 * 1024;
    public static final int MAX_DEPTH = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FreeForm() {
    }

    /** What is wrong with the value, or null when it is within the limits (null values are). */
    public static String problem(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        if (depth(value) > MAX_DEPTH) {
            return "is nested deeper than " + MAX_DEPTH + " levels.";
        }
        String problem = Storable.freeFormProblem(value);
        if (problem != null) {
            return problem;
        }
        if (size(value) > MAX_SIZE) {
            return "is larger than 64 KB (" + MAX_SIZE + " bytes of JSON).";
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
            return JSON.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Free-form values are plain JSON data", e);
        }
    }
}
