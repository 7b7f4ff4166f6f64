package dev.segments.query.publisher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.segments.events.integration.IntegrationEventType;
import dev.segments.events.integration.Metadata;
import dev.segments.events.integration.SegmentData;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.Validity;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the CloudEvents 1.0 envelopes: {@code id} (the stored event's identifier, or one derived from it), {@code
 * source} {@code /customer-segment/{tenant}}, {@code type}, {@code subject} (the segment id), {@code time} (when
 * the change happened, to the microsecond as the API shows times), {@code datacontenttype} JSON, {@code
 * dataschema} (the type's versioned schema) and the extension {@code tenant}; {@code data} is written by a JSON
 * mapper of its own (absent fields left out, as the API does), so neither the web's nor the event store's JSON
 * settings can change the public contract.
 */
final class IntegrationEvents {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModules(new Jdk8Module(), new JavaTimeModule(), new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Map<String, URI> SOURCES = new ConcurrentHashMap<>();
    private static final Map<IntegrationEventType, URI> SCHEMAS = new EnumMap<>(IntegrationEventType.class);

    static {
        for (IntegrationEventType type : IntegrationEventType.values()) {
            SCHEMAS.put(type, URI.create(type.dataSchema()));
        }
    }

    private IntegrationEvents() {
    }

    static CloudEvent event(IntegrationEventType type, String id, String tenant, String segmentId, Instant time,
                            Object data) {
        return event(type, id, tenant, segmentId, time, json(data));
    }

    static CloudEvent event(IntegrationEventType type, String id, String tenant, String segmentId, Instant time,
                            byte[] data) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(SOURCES.computeIfAbsent(tenant, t -> URI.create("/customer-segment/" + t)))
                .withType(type.type())
                .withSubject(segmentId)
                .withTime(OffsetDateTime.ofInstant(micros(time), ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withDataSchema(SCHEMAS.get(type))
                .withExtension("tenant", tenant)
                .withData(data)
                .build();
    }

    /** The segment as the API returns it. */
    static SegmentData segment(String segmentId, SegmentDetails details, Instant createdAt, Instant modifiedAt,
                               long version) {
        return new SegmentData(segmentId, details.name(), details.description(), validity(details.validity()),
                details.status(), details.siteCode(), details.mixins(),
                new Metadata(micros(createdAt), micros(modifiedAt), version, details.metadataMixins()));
    }

    /** A window with neither end is no window: the API leaves it out. */
    static Validity validity(Validity validity) {
        return validity == null || validity.from() == null && validity.to() == null ? null : validity;
    }

    /** To the microsecond, rounded half up, as the JDBC driver hands times to PostgreSQL and the API shows them. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    static byte[] json(Object data) {
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write event data " + data.getClass().getName(), e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable publisher state as " + type.getName(), e);
        }
    }
}
