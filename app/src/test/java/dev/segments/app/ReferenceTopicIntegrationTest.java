package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static dev.segments.app.Tokens.READ_OWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The replica fed from the upstream reference topic (embedded KRaft broker, real PostgreSQL, real HTTP): every
 * message type shows on the read side, redelivered and out-of-order messages change nothing, each kind of poison
 * message lands in the dead-letter topic with its original key and value and a reason while the next good message
 * is applied, and a database outage during consumption loses nothing.
 */
class ReferenceTopicIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "reference-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DLQ = TOPIC + ".dlq";

    private static String database;
    private static ConfigurableApplicationContext node;
    private static KafkaProducer<String, byte[]> producer;

    private final String tenant = IntegrationTestBase.newTenant();
    private final String segments = "/customer-segment/" + tenant + "/segments";
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void start() {
        TestBroker broker = TestBroker.shared();
        database = TestDatabase.create();
        node = Nodes.start(database, "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "segments.events.topic=" + TOPIC + ".events", "segments.reference.topic=" + TOPIC,
                "segments.reference.max-retry-interval=1s");
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(properties);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        Nodes.stop(node);
    }

    @Test
    void namesOfCustomersAndLegalEntitiesFollowTheirMessages() {
        Api api = api();
        api.post(segments, IntegrationTestBase.segment("s", "S"));
        api.put(segments + "/s/customers/c1", Map.of());
        api.put(segments + "/s/customers/c2/le1", Map.of());

        send("reference.customer-upserted", "c1", t0, Map.of("id", "c1", "firstName", "Ada", "lastName", "Lovelace",
                "email", "ada@example.com"));
        send("reference.legal-entity-upserted", "le1", t0, Map.of("id", "le1", "name", "Analytical Engines"));
        awaitRead(segments + "/s/customers/c1", json -> json.at("/customer/firstName").asText().equals("Ada"));
        awaitRead(segments + "/s/customers/c2/le1",
                json -> json.at("/legalEntity/name").asText().equals("Analytical Engines"));

        send("reference.customer-deleted", "c1", t0.plusSeconds(1), Map.of("id", "c1"));
        send("reference.legal-entity-deleted", "le1", t0.plusSeconds(1), Map.of("id", "le1"));
        awaitRead(segments + "/s/customers/c1", json -> json.at("/customer/firstName").isMissingNode());
        awaitRead(segments + "/s/customers/c2/le1", json -> json.at("/legalEntity/name").isMissingNode());
    }

    @Test
    void catalogMessagesMoveCategoriesAndPlacementsForMatchingAndTrees() {
        Api api = api();
        api.post(segments, IntegrationTestBase.segment("s", "S"));
        api.put(segments + "/s/customers/me", Map.of());
        api.put(segments + "/s/items/CATEGORY/tools", Map.of());
        api.put(segments + "/s/items/PRODUCT/p9", Map.of());

        send("reference.category-upserted", "tools", t0, Map.of("id", "tools", "code", "TOOLS",
                "name", Map.of("en", "Tools")));
        send("reference.category-upserted", "garden", t0, Map.of("id", "garden", "name", Map.of("en", "Garden")));
        send("reference.category-upserted", "hammers", t0, Map.of("id", "hammers", "parentId", "tools",
                "name", Map.of("en", "Hammers")));
        send("reference.product-placed", "hammers/p1", t0, Map.of("categoryId", "hammers", "productId", "p1"));
        send("reference.product-upserted", "p9", t0, Map.of("id", "p9", "code", "P-9", "name", Map.of("en", "Nails")));
        awaitMatch(List.of("p1"));
        awaitRead(segments + "/s/items/PRODUCT/p9", json -> json.at("/item/name/en").asText().equals("Nails"));
        Api customer = new Api(Nodes.port(node), Tokens.sign(Tokens.claims(tenant, READ_OWN).subject("me").build(),
                dev.segments.app.security.JwtProperties.LOCAL_DEFAULT_SECRET));
        await().atMost(PATIENCE).until(() -> customer.get(segments + "/items/category-trees").json().toString()
                .contains("\"hammers\""));

        // hammers moves under garden: p1 no longer sits below an assigned category
        send("reference.category-upserted", "hammers", t0.plusSeconds(1), Map.of("id", "hammers", "parentId",
                "garden", "name", Map.of("en", "Hammers")));
        awaitMatch(List.of());
        send("reference.product-placed", "tools/p1", t0.plusSeconds(2), Map.of("categoryId", "tools",
                "productId", "p1"));
        awaitMatch(List.of("p1"));
        send("reference.product-unplaced", "tools/p1", t0.plusSeconds(3), Map.of("categoryId", "tools",
                "productId", "p1"));
        awaitMatch(List.of());

        send("reference.category-deleted", "tools", t0.plusSeconds(4), Map.of("id", "tools"));
        send("reference.product-deleted", "p9", t0.plusSeconds(4), Map.of("id", "p9"));
        await().atMost(PATIENCE).until(() -> !customer.get(segments + "/items/category-trees").json().toString()
                .contains("\"tools\""));
        awaitRead(segments + "/s/items/PRODUCT/p9", json -> json.at("/item/name").isMissingNode());
    }

    @Test
    void redeliveredAndOlderMessagesChangeNothing() {
        Api api = api();
        api.post(segments, IntegrationTestBase.segment("s", "S"));
        api.put(segments + "/s/customers/c1", Map.of());
        api.put(segments + "/s/customers/c2", Map.of());

        Map<String, Object> newer = Map.of("id", "c1", "firstName", "New");
        send("reference.customer-upserted", "c1", t0.plusSeconds(10), newer);
        send("reference.customer-upserted", "c1", t0.plusSeconds(5), Map.of("id", "c1", "firstName", "Old"));
        send("reference.customer-upserted", "c1", t0.plusSeconds(10), newer);
        // deleted at +20: an upsert from +15 arriving later must not bring it back
        send("reference.customer-upserted", "c2", t0, Map.of("id", "c2", "firstName", "Gone"));
        send("reference.customer-deleted", "c2", t0.plusSeconds(20), Map.of("id", "c2"));
        send("reference.customer-upserted", "c2", t0.plusSeconds(15), Map.of("id", "c2", "firstName", "Zombie"));
        // a marker after them all, in c2's partition: once it shows, everything before it was consumed
        send("reference.customer-upserted", "c2", t0.plusSeconds(30), Map.of("id", "c2", "lastName", "Marker"));

        awaitRead(segments + "/s/customers/c2", json -> json.at("/customer/lastName").asText().equals("Marker"));
        assertThat(api.get(segments + "/s/customers/c2").json().at("/customer/firstName").isMissingNode()).isTrue();
        awaitRead(segments + "/s/customers/c1", json -> json.at("/customer/firstName").asText().equals("New"));
        assertThat(metric("stale", "customer-upserted")).isGreaterThanOrEqualTo(2);
        assertThat(metric("applied", "customer-deleted")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheirReasonAndTheNextMessageIsApplied() throws Exception {
        Api api = api();
        api.post(segments, IntegrationTestBase.segment("s", "S"));
        api.put(segments + "/s/customers/ok", Map.of());
        Map<String, String> poison = new LinkedHashMap<>();
        poison.put("not JSON", "{not json");
        poison.put("not a CloudEvent", "{\"hello\":\"world\"}");
        poison.put("unknown type 'reference.planet-upserted'", envelope("reference.planet-upserted", t0,
                Map.of("id", "x")));
        poison.put("no tenant", envelope("reference.customer-upserted", t0, Map.of("id", "c9")).replace(
                "\"tenant\":\"" + tenant + "\",", ""));
        poison.put("invalid data: Field 'firstName' must be at most 255 characters.", envelope(
                "reference.customer-upserted", t0, Map.of("id", "c9", "firstName", "x".repeat(256))));
        poison.put("invalid data: Field 'lastName' contains a NUL character", envelope("reference.customer-upserted",
                t0, Map.of("id", "c9", "lastName", "a\u0000b")));
        send("reference.category-upserted", "loop-a", t0, Map.of("id", "loop-a"));
        send("reference.category-upserted", "loop-b", t0, Map.of("id", "loop-b", "parentId", "loop-a"));
        poison.put("invalid data: Category loop-a cannot be placed under loop-b", envelope(
                "reference.category-upserted", t0.plusSeconds(1), Map.of("id", "loop-a", "parentId", "loop-b")));

        try (DeadLetters deadLetters = new DeadLetters()) {
            int n = 0;
            for (Map.Entry<String, String> message : poison.entrySet()) {
                String key = tenant + ":poison" + n;
                producer.send(new ProducerRecord<>(TOPIC, key, message.getValue().getBytes(StandardCharsets.UTF_8)))
                        .get();
                // the next good message on the same partition (same key) is applied
                String after = "After " + n;
                send("reference.customer-upserted", "poison" + n, t0.plusSeconds(n), Map.of("id", "ok",
                        "firstName", after), key);
                awaitRead(segments + "/s/customers/ok", json -> json.at("/customer/firstName").asText().equals(after));
                n++;
            }
            await().atMost(PATIENCE).until(() -> deadLetters.received().size() >= poison.size());
            assertThat(metric("dead-lettered", "unknown")).isGreaterThanOrEqualTo(3);
            assertThat(metric("dead-lettered", "customer-upserted")).isGreaterThanOrEqualTo(3);
            List<ConsumerRecord<String, byte[]>> received = deadLetters.received();
            assertThat(received).hasSize(poison.size());
            int i = 0;
            for (Map.Entry<String, String> message : poison.entrySet()) {
                ConsumerRecord<String, byte[]> record = received.get(i);
                assertThat(record.key()).isEqualTo(tenant + ":poison" + i);
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(message.getValue());
                Header reason = record.headers().lastHeader("reason");
                assertThat(reason).as("reason header of " + message.getKey()).isNotNull();
                assertThat(new String(reason.value(), StandardCharsets.UTF_8)).startsWith(message.getKey());
                i++;
            }
        }
    }

    @Test
    void aDatabaseOutageDuringConsumptionLosesNothing() throws Exception {
        Api api = api();
        api.post(segments, IntegrationTestBase.segment("s", "S"));
        for (int i = 0; i < 20; i++) {
            api.put(segments + "/s/customers/o" + i, Map.of());
        }
        String name = database.substring(database.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        admin("alter database " + name + " with allow_connections false");
        admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
        try {
            for (int i = 0; i < 20; i++) {
                send("reference.customer-upserted", "o" + i, t0, Map.of("id", "o" + i, "firstName", "Name " + i));
            }
            Thread.sleep(3_000);
        } finally {
            admin("alter database " + name + " with allow_connections true");
        }
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            for (int i = 0; i < 20; i++) {
                if (!api().get(segments + "/s/customers/o" + i).json().at("/customer/firstName").asText()
                        .equals("Name " + i)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** A counter of the reference consumer, as Prometheus scrapes it. */
    private static double metric(String outcome, String type) {
        String scrape = new Api(Nodes.port(node), null).get("/actuator/prometheus").body();
        return scrape.lines().filter(line -> line.startsWith("segments_reference_messages_total{")
                        && line.contains("outcome=\"" + outcome + "\"") && line.contains("type=\"" + type + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private Api api() {
        return new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
    }

    private void awaitRead(String path, java.util.function.Predicate<JsonNode> shows) {
        await().atMost(PATIENCE).until(() -> shows.test(api().get(path).json()));
    }

    private void awaitMatch(List<String> matching) {
        await().atMost(PATIENCE).until(() -> {
            JsonNode matched = api().post(segments + "/match", Map.of("items", List.of(Map.of("id", "p1")),
                    "segmentIds", List.of("s"), "siteCode", "main")).json();
            List<String> ids = new ArrayList<>();
            matched.forEach(item -> ids.add(item.path("id").asText()));
            return ids.equals(matching);
        });
    }

    private void send(String type, String keyId, Instant time, Map<String, Object> data) {
        send(type, keyId, time, data, tenant + ":" + keyId);
    }

    private void send(String type, String keyId, Instant time, Map<String, Object> data, String key) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, envelope(type, time, data)
                    .getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CloudEvent in structured JSON mode, as the upstream systems send it. */
    private String envelope(String type, Instant time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/catalog");
        event.put("type", type);
        event.put("time", time.toString());
        event.put("tenant", tenant);
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        try {
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void admin(String sql) throws SQLException {
        String url = database.substring(0, database.lastIndexOf('/') + 1) + "postgres";
        try (Connection connection = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The dead-letter topic, read from its beginning. */
    private static final class DeadLetters implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

        DeadLetters() {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.shared().bootstrapServers());
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID());
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(properties);
            consumer.subscribe(List.of(DLQ));
        }

        List<ConsumerRecord<String, byte[]>> received() {
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            return received;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
