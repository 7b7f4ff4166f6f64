package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.app.TopicRecords.Received;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentUpdatedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The integration events on a real Kafka broker (embedded KRaft), as a downstream consumer reads them from the
 * topic: every type after the API call that causes it, with its key, id, source, time and data, valid against its
 * schema; the store's order per segment under interleaved writes; and a consumer that folds the stream ends up
 * with exactly what the query side shows.
 */
class IntegrationEventsIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOPIC = "events-" + UUID.randomUUID().toString().substring(0, 8);

    private static ConfigurableApplicationContext node;
    private static TopicRecords topic;

    private final String tenant = IntegrationTestBase.newTenant();
    private final String base = "/customer-segment/" + tenant + "/segments";

    @BeforeAll
    static void start() {
        TestBroker broker = TestBroker.shared();
        node = Nodes.start(TestDatabase.create(), broker.publishing(TOPIC));
        topic = new TopicRecords(broker.bootstrapServers(), TOPIC);
    }

    @AfterAll
    static void stop() {
        if (topic != null) {
            topic.close();
        }
        Nodes.stop(node);
    }

    @Test
    void publishesEveryKindOfChangeWithItsKeyIdSourceTimeAndSchemaValidData() {
        Api api = api();
        assertThat(api.post(base, Map.of("id", "s1", "name", Map.of("en", "Gold", "de", "Gold"), "siteCode", "main",
                "status", "ACTIVE", "mixins", Map.of("level", 3, "ratio", 1.5))).status()).isEqualTo(201);
        JsonNode segment = api.get(base + "/s1").json();
        assertThat(api.put(base + "/s1/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/customers/c2/le1", Map.of("mixins", Map.of("tier", "A"))).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/customers/c2/le1", Map.of("mixins", Map.of("tier", "B"))).status()).isEqualTo(204);
        JsonNode b2b = api.get(base + "/s1/customers/c2/le1").json();
        assertThat(api.put(base + "/s1/items/PRODUCT/p1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/items/PRODUCT/p1", Map.of("mixins", Map.of("x", 1))).status()).isEqualTo(204);
        JsonNode item = api.get(base + "/s1/items/PRODUCT/p1").json();
        assertThat(api.put(base + "/s1/items/CATEGORY/k1", Map.of()).status()).isEqualTo(201);
        assertThat(api.delete(base + "/s1/items/CATEGORY/k1").status()).isEqualTo(204);
        assertThat(api.delete(base + "/s1/customers/c1").status()).isEqualTo(204);
        assertThat(api.patch(base + "/s1", List.of(Map.of("op", "replace", "path", "/status", "value", "INACTIVE")))
                .status()).isEqualTo(204);
        JsonNode switchedOff = api.get(base + "/s1").json();
        assertThat(api.delete(base + "/s1?forceDelete=true").status()).isEqualTo(204);

        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        List<Map.Entry<String, String>> stored = PublishedEvents.stored(jdbc, tenant);
        String deleteId = stored.get(stored.size() - 1).getKey();
        topic.await(r -> r.id().equals(deleteId), PATIENCE);
        List<Received> received = topic.matching(r -> r.tenant().equals(tenant));

        // one message per stored event, in store order, the force delete preceded by its assignments' deletions
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, String> event : stored) {
            if (event.getValue().equals(SegmentDeletedEvent.class.getName())) {
                expected.add(event.getKey() + "/customer:c2:le1");
                expected.add(event.getKey() + "/item:PRODUCT:p1");
            }
            expected.add(event.getKey());
        }
        assertThat(received.stream().map(Received::id).distinct().toList()).isEqualTo(expected);
        assertThat(received.stream().map(Received::type).distinct().toList()).containsExactly(
                "customer-segment.segment-created", "customer-segment.segment-activated",
                "customer-segment.customer-assignment-created", "customer-segment.customer-assignment-updated",
                "customer-segment.item-assignment-created", "customer-segment.item-assignment-updated",
                "customer-segment.item-assignment-deleted", "customer-segment.customer-assignment-deleted",
                "customer-segment.segment-updated", "customer-segment.segment-deactivated",
                "customer-segment.segment-deleted");
        assertThat(stored.stream().map(Map.Entry::getValue).toList()).containsExactly(
                SegmentCreatedEvent.class.getName(), SegmentActivatedEvent.class.getName(),
                CustomerAssignedEvent.class.getName(), CustomerAssignedEvent.class.getName(),
                CustomerAssignmentUpdatedEvent.class.getName(), ItemAssignedEvent.class.getName(),
                ItemAssignmentUpdatedEvent.class.getName(), ItemAssignedEvent.class.getName(),
                ItemUnassignedEvent.class.getName(), CustomerUnassignedEvent.class.getName(),
                SegmentUpdatedEvent.class.getName(), SegmentDeactivatedEvent.class.getName(),
                SegmentDeletedEvent.class.getName());

        for (Received record : received) {
            assertThat(record.key()).isEqualTo(tenant + ":s1");
            assertThat(record.contentType()).isEqualTo("application/cloudevents+json");
            assertThat(record.event().path("specversion").asText()).isEqualTo("1.0");
            assertThat(record.event().path("source").asText()).isEqualTo("/customer-segment/" + tenant);
            assertThat(record.event().path("subject").asText()).isEqualTo("s1");
            assertThat(record.event().path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(Instant.parse(record.event().path("time").asText())).isCloseTo(Instant.now(),
                    org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));
            assertThat(PublishedEvents.schemaProblems(record.event())).as("%s", record.event()).isEmpty();
        }

        // data is the resource as the API returned it right after the change; time is when it happened
        Received created = only(received, "segment-created");
        assertThat(created.data()).isEqualTo(segment);
        assertThat(Instant.parse(created.event().path("time").asText()))
                .isEqualTo(Instant.parse(segment.path("metadata").path("createdAt").asText()));
        assertThat(only(received, "segment-activated").data()).isEqualTo(segment);
        Received updated = only(received, "segment-updated");
        assertThat(withoutPrevious(updated.data())).isEqualTo(switchedOff);
        assertThat(updated.data().path("previous")).isEqualTo(PublishedEvents.json(
                "{\"status\":\"ACTIVE\",\"version\":1}"));
        assertThat(Instant.parse(updated.event().path("time").asText()))
                .isEqualTo(Instant.parse(switchedOff.path("metadata").path("modifiedAt").asText()));
        assertThat(only(received, "segment-deactivated").data()).isEqualTo(switchedOff);
        assertThat(withSegment(b2b)).isEqualTo(only(received, "customer-assignment-updated").data());
        assertThat(only(received, "item-assignment-updated").data()).isEqualTo(item);
        assertThat(received.stream().filter(r -> r.type().endsWith("customer-assignment-created"))
                .map(r -> r.data().toString()).toList()).hasSize(2);
        assertThat(only(received, "segment-deleted").data()).isEqualTo(PublishedEvents.json(
                "{\"id\":\"s1\",\"forced\":true}"));
        assertThat(received.stream().filter(r -> r.type().endsWith("customer-assignment-deleted"))
                .map(r -> r.data().toString()).toList()).containsExactly(
                "{\"segmentId\":\"s1\",\"customer\":{\"id\":\"c1\"}}",
                "{\"segmentId\":\"s1\",\"customer\":{\"id\":\"c2\"},\"legalEntity\":{\"id\":\"le1\"}}");
        assertThat(received.stream().filter(r -> r.type().endsWith("item-assignment-deleted"))
                .map(r -> r.data().toString()).toList()).containsExactly(
                "{\"segmentId\":\"s1\",\"type\":\"CATEGORY\",\"item\":{\"id\":\"k1\"}}",
                "{\"segmentId\":\"s1\",\"type\":\"PRODUCT\",\"item\":{\"id\":\"p1\"}}");

        // the jar's events command shows a developer the same, one JSON line per event, filtered
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        assertThat(dev.segments.app.cli.Commands.run(new String[] {"events",
                "--bootstrap-servers=" + TestBroker.shared().bootstrapServers(), "--topic=" + TOPIC,
                "--tenant=" + tenant, "--type=customer-assignment-deleted", "--from-beginning", "--idle-exit=3"},
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8))).hasValue(0);
        List<JsonNode> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(PublishedEvents::json).toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line.path("type").asText())
                .isEqualTo("customer-segment.customer-assignment-deleted"));
        assertThat(lines.get(0)).isEqualTo(received.stream()
                .filter(r -> r.type().endsWith("customer-assignment-deleted")).findFirst().orElseThrow().event());
    }

    @Test
    void publishesActivationAndDeactivationWhenTheValidityWindowOpensAndClosesWithNoRequest() {
        Instant from = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plusSeconds(3);
        assertThat(api().post(base, IntegrationTestBase.segment("timed", "ACTIVE", "main", from, to)).status())
                .isEqualTo(201);
        Received activated = topic.await(r -> r.tenant().equals(tenant)
                && r.type().equals("customer-segment.segment-activated"), PATIENCE);
        Received deactivated = topic.await(r -> r.tenant().equals(tenant)
                && r.type().equals("customer-segment.segment-deactivated"), PATIENCE);
        assertThat(Instant.parse(activated.event().path("time").asText())).isAfterOrEqualTo(from).isBefore(to);
        assertThat(Instant.parse(deactivated.event().path("time").asText())).isAfterOrEqualTo(to);
        assertThat(activated.key()).isEqualTo(tenant + ":timed");
        assertThat(PublishedEvents.schemaProblems(activated.event())).isEmpty();
        sleep(Duration.ofSeconds(3));
        assertThat(topic.matching(r -> r.tenant().equals(tenant)).stream().map(Received::type).distinct().toList())
                .containsExactly("customer-segment.segment-created", "customer-segment.segment-activated",
                        "customer-segment.segment-deactivated");
        assertThat(topic.matching(r -> r.tenant().equals(tenant)).stream().map(Received::id).distinct()).hasSize(3);
    }

    @Test
    void keepsEachSegmentsEventsInStoreOrderOver1000InterleavedWritesTo20Segments() throws Exception {
        Api api = api();
        for (int s = 0; s < 20; s++) {
            assertThat(api.post(base, IntegrationTestBase.segment("seg" + s, "Segment " + s)).status()).isEqualTo(201);
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        String segmentId = "seg" + (writer * 5 + i % 5);
                        int status = switch (i % 4) {
                            case 0 -> api.put(base + "/" + segmentId, Map.of("name", Map.of("en", "n" + i),
                                    "siteCode", "main", "status", i % 8 == 0 ? "INACTIVE" : "ACTIVE")).status();
                            case 1 -> api.put(base + "/" + segmentId + "/customers/c" + i % 7,
                                    Map.of("mixins", Map.of("i", i))).status();
                            case 2 -> api.put(base + "/" + segmentId + "/items/PRODUCT/p" + i % 3,
                                    Map.of("mixins", Map.of("i", i))).status();
                            default -> api.delete(base + "/" + segmentId + "/customers/c" + (i + 3) % 7).status();
                        };
                        assertThat(status).isBetween(200, 299);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }
        PublishedEvents.awaitPublisherCaughtUp(node, PATIENCE);
        Map<String, List<String>> stored = PublishedEvents.storedPerSegment(node.getBean(JdbcTemplate.class), tenant);
        assertThat(stored.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(1000);
        String last = stored.values().stream().map(ids -> ids.get(ids.size() - 1)).reduce((a, b) -> b).orElseThrow();
        topic.await(r -> r.id().equals(last), PATIENCE);
        Set<String> lastIds = new HashSet<>();
        stored.values().forEach(ids -> lastIds.add(ids.get(ids.size() - 1)));
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() ->
                topic.matching(r -> lastIds.contains(r.id())).stream().map(Received::id).distinct().count()
                        == lastIds.size());
        Map<String, List<String>> published = PublishedEvents.firstArrivalsPerKey(
                topic.matching(r -> r.tenant().equals(tenant)));
        assertThat(published).isEqualTo(stored);
    }

    @Test
    void aConsumerFoldingTheStreamEndsWithWhatTheQuerySideShows() {
        Api api = api();
        Random random = new Random(13);
        for (int i = 0; i < 240; i++) {
            String segmentId = "f" + random.nextInt(6);
            int status = switch (random.nextInt(9)) {
                case 0, 1 -> api.put(base + "/" + segmentId, Map.of("name", Map.of("en", "n" + i, "de", "d" + i),
                        "siteCode", "s" + i % 2, "status", random.nextBoolean() ? "ACTIVE" : "INACTIVE",
                        "mixins", Map.of("i", i))).status();
                case 2 -> api.patch(base + "/" + segmentId, List.of(Map.of("op", "add", "path", "/description",
                        "value", Map.of("en", "x" + i)))).status();
                case 3, 4 -> api.put(base + "/" + segmentId + "/customers/c" + random.nextInt(8)
                        + (random.nextBoolean() ? "/le" + random.nextInt(2) : ""), Map.of("mixins", Map.of("i", i)))
                        .status();
                case 5 -> api.delete(base + "/" + segmentId + "/customers/c" + random.nextInt(8)).status();
                case 6 -> api.put(base + "/" + segmentId + "/items/" + (random.nextBoolean() ? "PRODUCT" : "CATEGORY")
                        + "/i" + random.nextInt(4), Map.of()).status();
                case 7 -> api.delete(base + "/" + segmentId + "/items/PRODUCT/i" + random.nextInt(4)).status();
                default -> random.nextInt(4) == 0 ? api.delete(base + "/" + segmentId + "?forceDelete=true").status()
                        : 204;
            };
            // assignments to a segment that is not there (yet, or any more) are 404: part of the game
            assertThat(status).isIn(200, 201, 204, 404);
        }
        PublishedEvents.awaitPublisherCaughtUp(node, PATIENCE);
        List<Map.Entry<String, String>> stored = PublishedEvents.stored(node.getBean(JdbcTemplate.class), tenant);
        String last = stored.get(stored.size() - 1).getKey();
        topic.await(r -> r.id().equals(last), PATIENCE);

        Map<String, JsonNode> segments = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> members = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Received record : topic.matching(r -> r.tenant().equals(tenant))) {
            if (!seen.add(record.id())) {
                continue;
            }
            String segmentId = record.event().path("subject").asText();
            JsonNode data = record.data();
            switch (record.type().substring("customer-segment.".length())) {
                case "segment-created", "segment-updated", "segment-activated", "segment-deactivated" ->
                        segments.put(segmentId, withoutPrevious(data));
                case "segment-deleted" -> {
                    segments.remove(segmentId);
                    assertThat(members.getOrDefault(segmentId, Map.of())).as("assignments deleted first").isEmpty();
                }
                case "customer-assignment-created", "customer-assignment-updated", "item-assignment-created",
                     "item-assignment-updated" -> members.computeIfAbsent(segmentId, k -> new HashMap<>())
                        .put(memberKey(data), data);
                default -> members.getOrDefault(segmentId, new HashMap<>()).remove(memberKey(data));
            }
        }

        JsonNode listed = api.get(base + "?pageSize=1000").json();
        Map<String, JsonNode> shown = new LinkedHashMap<>();
        listed.forEach(s -> shown.put(s.path("id").asText(), s));
        assertThat(segments).isEqualTo(shown);
        for (String segmentId : shown.keySet()) {
            Map<String, JsonNode> shownMembers = new HashMap<>();
            api.get(base + "/" + segmentId + "/customers?pageSize=1000").json()
                    .forEach(c -> shownMembers.put(memberKey(withSegment(c, segmentId)), withSegment(c, segmentId)));
            api.get(base + "/" + segmentId + "/items?pageSize=1000").json()
                    .forEach(i -> shownMembers.put(memberKey(i), i));
            assertThat(members.getOrDefault(segmentId, Map.of())).as("members of %s", segmentId)
                    .isEqualTo(shownMembers);
        }
    }

    private static String memberKey(JsonNode data) {
        return data.has("customer") ? "customer:" + data.path("customer").path("id").asText() + ":"
                + data.path("legalEntity").path("id").asText("")
                : "item:" + data.path("type").asText() + ":" + data.path("item").path("id").asText();
    }

    private static Received only(List<Received> received, String type) {
        List<Received> found = received.stream().filter(r -> r.type().equals("customer-segment." + type)).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static JsonNode withoutPrevious(JsonNode data) {
        ObjectNode copy = data.deepCopy();
        copy.remove("previous");
        return copy;
    }

    private JsonNode withSegment(JsonNode assignment) {
        return withSegment(assignment, "s1");
    }

    private static JsonNode withSegment(JsonNode assignment, String segmentId) {
        ObjectNode copy = PublishedEvents.json("{\"segmentId\":\"" + segmentId + "\"}").deepCopy();
        assignment.fields().forEachRemaining(field -> copy.set(field.getKey(), field.getValue()));
        return copy;
    }

    private Api api() {
        return new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
