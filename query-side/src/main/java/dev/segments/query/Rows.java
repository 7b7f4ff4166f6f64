package dev.segments.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/** Reading projection columns (jsonb, timestamptz) into response values. */
public final class Rows {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    public static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {
    };
    public static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Rows() {
    }

    public static <T> T json(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String value = rs.getString(column);
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("Column " + column + " holds invalid JSON", e);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
