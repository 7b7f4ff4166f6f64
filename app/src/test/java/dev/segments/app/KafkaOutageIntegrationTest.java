package dev.segments.app;

import static dev.segments.app.Tokens.ADMIN;
import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.app.TopicRecords.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Kafka outage never blocks or fails a write and loses nothing: the broker goes away while 500 writes happen,
 * every write answers as fast as before (read-your-writes does not wait for the publisher), the publisher's health
 * component goes DOWN while readiness stays UP, and once a broker is back every event arrives (by id: none
 * missing, each id with one content), in the store's order per segment. The broker comes back empty (its log
 * lost), so what arrived before the outage is read from the first broker and the rest from the second.
 */
class KafkaOutageIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private final String tenant = IntegrationTestBase.newTenant();
    private final String base = "/customer-segment/" + tenant + "/segments";

    @Test
    void writesGoOnAtNormalSpeedDuringAnOutageAndEveryEventArrivesInOrderOnceTheBrokerIsBack() {
        String topicName = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        TestBroker broker = TestBroker.own();
        ConfigurableApplicationContext node = null;
        List<Received> received = new ArrayList<>();
        try {
            node = Nodes.start(TestDatabase.create(), broker.publishing(topicName));
            Api api = new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
            JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);

            List<Long> before = new ArrayList<>();
            try (TopicRecords first = new TopicRecords(broker.bootstrapServers(), topicName)) {
                for (int s = 0; s < 20; s++) {
                    String segmentId = "o" + s;
                    before.add(timed(() -> assertThat(api.post(base, IntegrationTestBase.segment(segmentId, "O"))
                            .status()).isEqualTo(201)));
                }
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    before.add(timed(() -> assertThat(api.put(base + "/o" + n % 20 + "/customers/warm" + n,
                            Map.of()).status()).isEqualTo(201)));
                }
                String last = PublishedEvents.stored(jdbc, tenant).get(PublishedEvents.stored(jdbc, tenant).size() - 1)
                        .getKey();
                first.await(r -> r.id().equals(last), PATIENCE);
                broker.stop();
                received.addAll(first.matching(r -> r.tenant().equals(tenant)));
            }

            List<Long> during = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String segmentId = "o" + i % 20;
                int n = i;
                during.add(timed(() -> {
                    Api.Response response = n % 2 == 0
                            ? api.put(base + "/" + segmentId, Map.of("name", Map.of("en", "v" + n), "siteCode", "main",
                            "status", "ACTIVE", "mixins", Map.of("n", n)))
                            : api.put(base + "/" + segmentId + "/customers/c" + n % 9, Map.of("mixins", Map.of("n", n)));
                    assertThat(response.status()).as("%s", response).isBetween(200, 299);
                    assertThat(response.header("X-Read-Your-Writes")).as("read-your-writes never waits for Kafka")
                            .isNull();
                }));
            }
            assertThat(median(during)).as("median write during the outage vs before (ms)")
                    .isLessThanOrEqualTo(Math.max(3 * median(before), 150));
            // below the read-your-writes bound (5 s): no write waited for anything Kafka-related
            assertThat(during.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(4_500);

            Api health = new Api(Nodes.port(node), Tokens.token(tenant, ADMIN));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "DOWN".equals(health.get("/actuator/health").json().path("components").path("eventPublisher")
                            .path("status").asText()));
            JsonNode readiness = api.get("/actuator/health/readiness").json();
            assertThat(readiness.path("status").asText()).isEqualTo("UP");

            broker.start();
            try (TopicRecords second = new TopicRecords(broker.bootstrapServers(), topicName)) {
                PublishedEvents.awaitPublisherCaughtUp(node, PATIENCE);
                List<Map.Entry<String, String>> stored = PublishedEvents.stored(jdbc, tenant);
                Set<String> expected = new HashSet<>();
                stored.forEach(event -> expected.add(event.getKey()));
                org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> {
                    Set<String> ids = new HashSet<>();
                    received.forEach(r -> ids.add(r.id()));
                    second.matching(r -> r.tenant().equals(tenant)).forEach(r -> ids.add(r.id()));
                    return ids.containsAll(expected);
                });
                received.addAll(second.matching(r -> r.tenant().equals(tenant)));
                Map<String, Set<String>> contents = new HashMap<>();
                for (Received record : received) {
                    contents.computeIfAbsent(record.id(), id -> new HashSet<>()).add(record.key() + " "
                            + record.type() + " " + record.event().path("time").asText() + " " + record.data());
                }
                assertThat(contents.keySet()).isEqualTo(expected);
                assertThat(contents.values()).allSatisfy(versions -> assertThat(versions).hasSize(1));
                assertThat(PublishedEvents.firstArrivalsPerKey(received))
                        .isEqualTo(PublishedEvents.storedPerSegment(jdbc, tenant));
            }
        } finally {
            Nodes.stop(node);
            broker.stop();
        }
    }

    private static long timed(Runnable write) {
        long start = System.nanoTime();
        write.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
