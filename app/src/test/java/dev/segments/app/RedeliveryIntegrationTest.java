package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.app.TopicRecords.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Re-delivery on a node publishing to the embedded broker: from a time (and a tenant) it re-publishes exactly the
 * events stored from then on, each the same CloudEvent (id, key, content, the state-dependent parts such as an
 * update's {@code previous} and a forced delete's assignment deletions included) as the live publisher sent, and
 * nothing of other tenants or of earlier times; from a position, everything stored from there.
 */
class RedeliveryIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOPIC = "redelivery-" + UUID.randomUUID().toString().substring(0, 8);

    private static ConfigurableApplicationContext node;
    private static TopicRecords topic;

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
    void redeliversExactlyTheEventsOfTheTenantFromTheGivenTimeAsTheSameCloudEvents() {
        String tenant = IntegrationTestBase.newTenant();
        String other = IntegrationTestBase.newTenant();
        int port = Nodes.port(node);
        Api api = new Api(port, Tokens.token(tenant, MANAGE + " " + READ));
        Api otherApi = new Api(port, Tokens.token(other, MANAGE + " " + READ));
        String base = "/customer-segment/" + tenant + "/segments";
        // before T: the state the later envelopes depend on (previous status, creation times, assignments)
        assertThat(api.post(base, Map.of("id", "s1", "name", Map.of("en", "One"), "siteCode", "main", "status",
                "ACTIVE")).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.post(base, Map.of("id", "s2", "name", Map.of("en", "Two"), "siteCode", "main")).status())
                .isEqualTo(201);
        assertThat(api.put(base + "/s2/customers/c2/le2", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/s2/items/PRODUCT/p2", Map.of()).status()).isEqualTo(201);
        // from T on
        assertThat(api.patch(base + "/s1", List.of(Map.of("op", "replace", "path", "/status", "value", "INACTIVE")))
                .status()).isEqualTo(204);
        assertThat(api.put(base + "/s1/customers/c1", Map.of("mixins", Map.of("v", 2))).status()).isEqualTo(204);
        assertThat(api.delete(base + "/s2?forceDelete=true").status()).isEqualTo(204);
        assertThat(otherApi.post("/customer-segment/" + other + "/segments", Map.of("id", "x", "name",
                Map.of("en", "X"), "siteCode", "main")).status()).isEqualTo(201);

        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        List<Map<String, Object>> stored = jdbc.queryForList("select event_identifier, time_stamp, global_index "
                + "from domain_event_entry where aggregate_identifier like ? order by global_index", tenant + ":%");
        String patchId = jdbc.queryForObject("select event_identifier from domain_event_entry where "
                + "aggregate_identifier = ? and payload_type like '%SegmentUpdatedEvent'", String.class, tenant + ":s1");
        int patchAt = 0;
        while (!stored.get(patchAt).get("event_identifier").equals(patchId)) {
            patchAt++;
        }
        String from = (String) stored.get(patchAt).get("time_stamp");
        PublishedEvents.awaitPublisherCaughtUp(node, PATIENCE);
        String lastId = (String) stored.get(stored.size() - 1).get("event_identifier");
        topic.await(r -> r.id().equals(lastId), PATIENCE);
        // what the live publisher sent from T on (a forced delete's assignment deletions carry its id as prefix)
        java.util.Set<String> fromT = new java.util.HashSet<>();
        for (int i = patchAt; i < stored.size(); i++) {
            fromT.add((String) stored.get(i).get("event_identifier"));
        }
        Map<String, Received> live = new LinkedHashMap<>();
        for (Received record : topic.matching(r -> r.tenant().equals(tenant))) {
            String storedId = record.id().contains("/") ? record.id().substring(0, record.id().indexOf('/'))
                    : record.id();
            if (fromT.contains(storedId)) {
                live.putIfAbsent(record.id(), record);
            }
        }
        assertThat(live.keySet()).as("live events from T").hasSizeGreaterThanOrEqualTo(5)
                .contains(patchId).anyMatch(id -> id.contains("/customer:c2:le2"));
        int before = topic.all().size();

        Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        Api.Response started = operator.post("/actuator/redeliveries", Map.of("from", from, "tenant", tenant));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().get("id").asText();
        JsonNode done = awaitDone(operator, id);
        assertThat(done.get("published").asLong()).isEqualTo(live.size());
        await().atMost(PATIENCE).until(() -> topic.all().size() - before >= live.size());
        List<Received> redelivered = new ArrayList<>(topic.all().subList(before, topic.all().size()));
        assertThat(redelivered).allMatch(record -> record.tenant().equals(tenant));
        assertThat(redelivered.stream().map(Received::id).toList())
                .containsExactlyInAnyOrderElementsOf(live.keySet());
        for (Received record : redelivered) {
            Received original = live.get(record.id());
            assertThat(record.key()).isEqualTo(original.key());
            assertThat(record.event()).as(record.id()).isEqualTo(original.event());
        }
        // per key, in the order they were stored
        assertThat(PublishedEvents.firstArrivalsPerKey(redelivered))
                .isEqualTo(PublishedEvents.firstArrivalsPerKey(new ArrayList<>(live.values())));

        // from a position: everything stored from there, every tenant
        long position = (Long) stored.get(patchAt).get("global_index");
        long expected = jdbc.queryForObject("select count(*) from domain_event_entry where global_index >= ?",
                Long.class, position);
        Api.Response fromPosition = operator.post("/actuator/redeliveries", Map.of("fromPosition", position));
        assertThat(fromPosition.status()).isEqualTo(202);
        // a forced delete publishes its assignments' deletions too: one per live assignment of s2 (two)
        assertThat(awaitDone(operator, fromPosition.json().get("id").asText()).get("published").asLong())
                .isEqualTo(expected + 2);
        assertThat(operator.get("/actuator/redeliveries/no-such-id").status()).isEqualTo(404);
    }

    private static JsonNode awaitDone(Api operator, String id) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> !operator
                .get("/actuator/redeliveries/" + id).json().get("state").asText().equals("RUNNING"));
        JsonNode status = operator.get("/actuator/redeliveries/" + id).json();
        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("DONE");
        return status;
    }
}
