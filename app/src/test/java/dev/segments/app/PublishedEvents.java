package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.segments.command.consistency.ProcessorPositions;
import dev.segments.events.integration.IntegrationEventType;
import dev.segments.query.publisher.EventPublishing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.axonframework.serialization.Serializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the publisher's tests check again and again: schemas, the store's order, the publisher's position. */
final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<IntegrationEventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private PublishedEvents() {
    }

    /** The problems of a CloudEvent's data against the JSON Schema its {@code dataschema} names (none: valid). */
    static Set<ValidationMessage> schemaProblems(JsonNode event) {
        IntegrationEventType type = IntegrationEventType.ofType(event.path("type").asText());
        assertThat(type).as("a known type: %s", event.path("type")).isNotNull();
        assertThat(event.path("dataschema").asText()).isEqualTo(type.dataSchema());
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = PublishedEvents.class.getClassLoader().getResourceAsStream(t.schemaResource())) {
                assertThat(in).as("schema resource %s", t.schemaResource()).isNotNull();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return schema.validate(event.path("data"));
    }

    /** The events of the tenant's streams in store order: event identifier and payload type. */
    static List<Map.Entry<String, String>> stored(JdbcTemplate jdbc, String tenant) {
        List<Map.Entry<String, String>> events = new ArrayList<>();
        jdbc.query("select event_identifier, payload_type from domain_event_entry where aggregate_identifier like ? "
                        + "order by global_index", rs -> {
                    events.add(Map.entry(rs.getString(1), rs.getString(2)));
                }, tenant + ":%");
        return events;
    }

    /** The store's event ids per segment key ({@code tenant:segmentId}), in store order. */
    static Map<String, List<String>> storedPerSegment(JdbcTemplate jdbc, String tenant) {
        Map<String, List<String>> perSegment = new LinkedHashMap<>();
        jdbc.query("select event_identifier, aggregate_identifier from domain_event_entry where aggregate_identifier "
                + "like ? order by global_index", rs -> {
                    String aggregate = rs.getString(2);
                    int second = aggregate.indexOf(':', aggregate.indexOf(':') + 1);
                    String key = second < 0 ? aggregate : aggregate.substring(0, second);
                    perSegment.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getString(1));
                }, tenant + ":%");
        return perSegment;
    }

    /** The ids in the order they first arrived, per key (a duplicate is a redelivery, not a new event). */
    static Map<String, List<String>> firstArrivalsPerKey(List<TopicRecords.Received> records) {
        Map<String, List<String>> perKey = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (TopicRecords.Received record : records) {
            if (seen.add(record.id())) {
                perKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.id());
            }
        }
        return perKey;
    }

    /** Waits (bounded) until the publisher's stored position has reached the last event in the store. */
    static void awaitPublisherCaughtUp(ConfigurableApplicationContext node, Duration atMost) {
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        Serializer serializer = node.getBean("serializer", Serializer.class);
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
            return new ProcessorPositions(jdbc, serializer, List.of(EventPublishing.PROCESSING_GROUP)).read()
                    .position(EventPublishing.PROCESSING_GROUP) >= head;
        });
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
