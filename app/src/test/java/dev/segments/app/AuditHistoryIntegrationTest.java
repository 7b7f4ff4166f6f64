package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static dev.segments.app.Tokens.READ_OWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import org.awaitility.Awaitility;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Audit history and point-in-time reads over real HTTP, on a node of its own whose clock the test moves
 * ({@link TestClock}): frozen, every write happens at one instant, so two changes can share a millisecond; run
 * past a validity boundary, the scheduler activates the segment on its own.
 */
class AuditHistoryIntegrationTest {

    private static final String AUDIT_READ = "customersegment.audit_read";
    private static final String UPDATED = "customer-segment.segment-updated";

    private static ConfigurableApplicationContext node;
    private static TestClock clock;

    private String tenant;
    private String base;
    private Api api;

    @BeforeAll
    static void startNode() {
        node = Nodes.start(TestDatabase.create(), List.of(TestClock.Component.class),
                "segments.validity-scheduler.polling-interval=200ms");
        clock = node.getBean(TestClock.class);
    }

    @AfterAll
    static void stopNode() {
        Nodes.stop(node);
    }

    @BeforeEach
    void newTenant() {
        tenant = IntegrationTestBase.newTenant();
        base = "/customer-segment/" + tenant + "/segments";
        api = api(tenant, MANAGE + " " + READ);
    }

    @Test
    void historyListsEveryChangeOfASegmentAndItsAssignmentsOldestFirstWithCallerCorrelationAndChanges() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant opens = start.plusSeconds(60);
        clock.freeze(start);
        assertThat(api.post(base, Map.of("id", "gold", "name", Map.of("en", "Gold", "de", "Gold"), "siteCode", "main",
                "status", "ACTIVE", "validity", Map.of("from", opens.toString()),
                "mixins", Map.of("loyalty", Map.of("level", 3))), "X-Correlation-Id", "corr-create").status())
                .isEqualTo(201);
        clock.freeze(start.plusSeconds(1));
        assertThat(api.put(base + "/gold", Map.of("name", Map.of("en", "Gold", "de", "Golden"), "siteCode", "main",
                "status", "ACTIVE", "validity", Map.of("from", opens.toString()),
                "mixins", Map.of("loyalty", Map.of("level", 4)), "metadata", Map.of("version", 1)),
                "X-Correlation-Id", "corr-put").status()).isEqualTo(204);
        clock.freeze(start.plusSeconds(2));
        assertThat(api.patch(base + "/gold", List.of(Map.of("op", "add", "path", "/name/fr", "value", "Or"),
                Map.of("op", "replace", "path", "/mixins/loyalty/level", "value", 5))).status()).isEqualTo(204);
        clock.freeze(start.plusSeconds(3));
        assertThat(api.put(base + "/gold/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/gold/customers/c2/le1", Map.of("mixins", Map.of("tier", "A"))).status())
                .isEqualTo(201);
        clock.freeze(start.plusSeconds(4));
        assertThat(api.put(base + "/gold/customers/c2/le1", Map.of("mixins", Map.of("tier", "B"))).status())
                .isEqualTo(204);
        clock.freeze(start.plusSeconds(5));
        assertThat(api.delete(base + "/gold/customers/c1").status()).isEqualTo(204);
        clock.freeze(start.plusSeconds(6));
        assertThat(api.put(base + "/gold/items/PRODUCT/p1", Map.of()).status()).isEqualTo(201);
        // the validity window opens with no request at all: the scheduler records the activation
        clock.runFrom(opens.plusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                types(history("/gold?pageSize=100")).contains("customer-segment.segment-activated"));
        clock.freeze(start.plusSeconds(120));
        assertThat(api.delete(base + "/gold?forceDelete=true").status()).isEqualTo(204);
        clock.freeze(start.plusSeconds(130));
        assertThat(api.post(base, IntegrationTestBase.segment("gold", "INACTIVE", "main", null, null)).status())
                .isEqualTo(201);

        JsonNode entries = history("/gold?pageSize=100");
        assertThat(types(entries)).containsExactly("customer-segment.segment-created", UPDATED, UPDATED,
                "customer-segment.customer-assignment-created", "customer-segment.customer-assignment-created",
                "customer-segment.customer-assignment-updated", "customer-segment.customer-assignment-deleted",
                "customer-segment.item-assignment-created", "customer-segment.segment-activated",
                "customer-segment.segment-deactivated", "customer-segment.segment-deleted",
                "customer-segment.segment-created");
        assertThat(Json.texts(entries, "/generation")).containsExactly("1", "1", "1", "1", "1", "1", "1", "1", "1",
                "1", "1", "2");
        assertThat(Json.texts(entries, "/caller")).containsExactly("test-client", "test-client", "test-client",
                "test-client", "test-client", "test-client", "test-client", "test-client", "validity-scheduler",
                "test-client", "test-client", "test-client");
        assertThat(entries.get(0).get("correlationId").asText()).isEqualTo("corr-create");
        assertThat(entries.get(1).get("correlationId").asText()).isEqualTo("corr-put");
        assertThat(entries.get(0).get("eventId").asText()).isNotBlank();
        assertThat(Instant.parse(entries.get(0).get("timestamp").asText())).isEqualTo(start);
        assertThat(Instant.parse(entries.get(7).get("timestamp").asText())).isEqualTo(start.plusSeconds(6));
        assertThat(entries.get(0).get("resource").toString()).isEqualTo("{\"segmentId\":\"gold\"}");
        assertThat(entries.get(0).has("changes")).isFalse();
        assertThat(changes(entries.get(1))).containsExactlyInAnyOrder("/name/de Gold -> Golden",
                "/mixins/loyalty/level 3 -> 4");
        assertThat(changes(entries.get(2))).containsExactlyInAnyOrder("/name/fr null -> Or",
                "/mixins/loyalty/level 4 -> 5");
        assertThat(entries.get(4).get("resource").toString())
                .isEqualTo("{\"segmentId\":\"gold\",\"customerId\":\"c2\",\"legalEntityId\":\"le1\"}");
        assertThat(changes(entries.get(5))).containsExactly("/mixins/tier A -> B");
        assertThat(entries.get(6).get("resource").get("customerId").asText()).isEqualTo("c1");
        assertThat(entries.get(7).get("resource").toString())
                .isEqualTo("{\"segmentId\":\"gold\",\"itemType\":\"PRODUCT\",\"itemId\":\"p1\"}");
        assertThat(entries.get(10).get("resource").get("forced").asBoolean()).isTrue();

        // filters and paging
        assertThat(types(history("/gold?type=segment-updated"))).containsExactly(UPDATED, UPDATED);
        assertThat(types(history("/gold?type=" + UPDATED + ",customer-segment.segment-deleted")))
                .containsExactly(UPDATED, UPDATED, "customer-segment.segment-deleted");
        assertThat(types(history("/gold?from=" + start.plusSeconds(2) + "&to=" + start.plusSeconds(5))))
                .containsExactly(UPDATED, "customer-segment.customer-assignment-created",
                        "customer-segment.customer-assignment-created", "customer-segment.customer-assignment-updated");
        Api.Response page = api.get(base + "/gold/history?pageSize=5&pageNumber=2", "X-Total-Count", "true");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("X-Total-Count")).isEqualTo("12");
        assertThat(types(page.json())).containsExactly("customer-segment.customer-assignment-updated",
                "customer-segment.customer-assignment-deleted", "customer-segment.item-assignment-created",
                "customer-segment.segment-activated", "customer-segment.segment-deactivated");
        assertThat(history("/gold?from=" + start.plusSeconds(500))).isEmpty();

        // an auditor reads it too; unknown ids and bad parameters are answered as such
        assertThat(api(tenant, AUDIT_READ).get(base + "/gold/history").json()).hasSize(12);
        assertThat(api.get(base + "/never/history").status()).isEqualTo(404);
        Api.Response badType = api.get(base + "/gold/history?type=segment-renamed");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("message").asText()).contains("segment-renamed");
        Api.Response badFrom = api.outsideContract().get(base + "/gold/history?from=yesterday");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("message").asText()).contains("from");
        assertThat(api.get(base + "/gold/history?pageSize=5000").status()).isEqualTo(400);
    }

    @Test
    void asOfReadsTheStateAtEachInstantAndTheLaterOfTwoChangesInOneMillisecond() {
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(100);
        Instant t2 = t1.plusSeconds(1);
        Instant t3 = t1.plusSeconds(2);
        Instant t4 = t1.plusSeconds(3);
        Instant t5 = t1.plusSeconds(4);
        clock.freeze(t1);
        assertThat(api.post(base, IntegrationTestBase.segment("s", "v1")).status()).isEqualTo(201);
        assertThat(api.put(base + "/s/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/s/items/CATEGORY/cat1", Map.of()).status()).isEqualTo(201);
        clock.freeze(t2);
        assertThat(api.patch(base + "/s", List.of(Map.of("op", "replace", "path", "/name/en", "value", "v2")))
                .status()).isEqualTo(204);
        assertThat(api.put(base + "/s/customers/c2/le1", Map.of()).status()).isEqualTo(201);
        clock.freeze(t3);
        // two changes of the segment within the same millisecond: at t3 the later one is the state
        assertThat(api.patch(base + "/s", List.of(Map.of("op", "replace", "path", "/name/en", "value", "v3")))
                .status()).isEqualTo(204);
        assertThat(api.patch(base + "/s", List.of(Map.of("op", "replace", "path", "/name/en", "value", "v4")))
                .status()).isEqualTo(204);
        assertThat(api.delete(base + "/s/customers/c1").status()).isEqualTo(204);
        assertThat(api.put(base + "/s/customers/c2/le1", Map.of("mixins", Map.of("x", 1))).status()).isEqualTo(204);
        clock.freeze(t4);
        assertThat(api.delete(base + "/s?forceDelete=true").status()).isEqualTo(204);
        clock.freeze(t5);
        assertThat(api.post(base, IntegrationTestBase.segment("s", "second life")).status()).isEqualTo(201);

        assertThat(segmentAt(t1.minusMillis(1)).status()).isEqualTo(404);
        assertThat(api.get(base + "/s/customers?asOf=" + t1.minusMillis(1)).status()).isEqualTo(404);
        assertThat(api.get(base + "/s/items?asOf=" + t1.minusMillis(1)).status()).isEqualTo(404);

        assertThat(name(segmentAt(t1))).isEqualTo("v1");
        assertThat(segmentAt(t1).json().at("/metadata/version").asInt()).isEqualTo(1);
        assertThat(name(segmentAt(t1.plusMillis(500)))).isEqualTo("v1");
        assertThat(customers(t1)).containsExactly("c1/");
        assertThat(Json.texts(api.get(base + "/s/items?asOf=" + t1).json(), "/item/id")).containsExactly("cat1");
        assertThat(api.get(base + "/s/items/CATEGORY/cat1?asOf=" + t1).status()).isEqualTo(200);
        assertThat(api.get(base + "/s/customers/c1?asOf=" + t1).status()).isEqualTo(200);
        assertThat(api.get(base + "/s/customers/c2/le1?asOf=" + t1).status()).isEqualTo(404);

        assertThat(name(segmentAt(t2))).isEqualTo("v2");
        assertThat(customers(t2)).containsExactly("c1/", "c2/le1");

        JsonNode atT3 = segmentAt(t3).json();
        assertThat(atT3.at("/name/en").asText()).isEqualTo("v4");
        assertThat(atT3.at("/metadata/version").asInt()).isEqualTo(4);
        assertThat(Instant.parse(atT3.at("/metadata/createdAt").asText())).isEqualTo(t1);
        assertThat(customers(t3)).containsExactly("c2/le1");
        assertThat(api.get(base + "/s/customers/c1?asOf=" + t3).status()).isEqualTo(404);
        assertThat(api.get(base + "/s/customers/c2/le1?asOf=" + t3).json().at("/mixins/x").asInt()).isEqualTo(1);
        assertThat(api.get(base + "/s/customers/c2/le1?asOf=" + t2).json().has("mixins")).isFalse();

        assertThat(segmentAt(t4).status()).isEqualTo(404);
        assertThat(api.get(base + "/s/customers?asOf=" + t4).status()).isEqualTo(404);
        assertThat(name(segmentAt(t4.minus(1, ChronoUnit.MICROS)))).isEqualTo("v4");
        assertThat(customers(t4.minus(1, ChronoUnit.MICROS))).containsExactly("c2/le1");

        assertThat(name(segmentAt(t5))).isEqualTo("second life");
        assertThat(customers(t5)).isEmpty();
        assertThat(api.get(base + "/s/items?asOf=" + t5).json()).isEmpty();
        assertThat(name(api.get(base + "/s"))).isEqualTo("second life");

        // which segments a customer was in at a moment
        assertThat(Json.ids(api.get(base + "?customerId=c1&asOf=" + t2).json())).containsExactly("s");
        assertThat(Json.ids(api.get(base + "?customerId=c1&asOf=" + t3).json())).isEmpty();
        assertThat(Json.ids(api.get(base + "?customerId=c2&legalEntityId=le1&asOf=" + t3).json()))
                .containsExactly("s");
        assertThat(Json.ids(api.get(base + "?asOf=" + t4).json())).isEmpty();
        Api.Response listed = api.get(base + "?asOf=" + t3 + "&q=name.en:v4", "X-Total-Count", "true");
        assertThat(Json.ids(listed.json())).containsExactly("s");
        assertThat(listed.header("X-Total-Count")).isEqualTo("1");

        Api.Response bad = api.outsideContract().get(base + "/s?asOf=last-tuesday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("asOf");
    }

    @Test
    void aClientThatWroteReadsItsWriteAsOfNow() {
        clock.runFrom(Instant.now());
        assertThat(api.post(base, IntegrationTestBase.segment("rw", "before")).status()).isEqualTo(201);
        assertThat(api.patch(base + "/rw", List.of(Map.of("op", "replace", "path", "/name/en", "value", "after")))
                .status()).isEqualTo(204);
        assertThat(name(segmentAt("rw", clock.instant()))).isEqualTo("after");
        assertThat(history("/rw")).hasSize(3);
    }

    @Test
    void customerTokensMayNotReadThePastNorAnyHistory() {
        clock.runFrom(Instant.now());
        api.post(base, IntegrationTestBase.segment("mine", "ACTIVE", "main", null, null));
        api.post(base, IntegrationTestBase.segment("other", "ACTIVE", "main", null, null));
        api.put(base + "/mine/customers/c1", Map.of());
        Api customer = new Api(Nodes.port(node), Tokens.sign(Tokens.claims(tenant, READ_OWN).subject("c1").build(),
                dev.segments.app.security.JwtProperties.LOCAL_DEFAULT_SECRET));
        String now = Instant.now().toString();

        assertThat(customer.get(base + "/mine").status()).isEqualTo(200);
        Api.Response past = customer.get(base + "/mine?asOf=" + now);
        assertThat(past.status()).isEqualTo(403);
        assertThat(past.json().get("message").asText()).contains("asOf");
        assertThat(customer.get(base + "/mine/customers?asOf=" + now).status()).isEqualTo(403);
        assertThat(customer.get(base + "/mine/items?asOf=" + now).status()).isEqualTo(403);
        assertThat(customer.get(base + "?asOf=" + now).status()).isEqualTo(403);
        assertThat(customer.get(base + "/mine/history").status()).isEqualTo(403);
        assertThat(customer.get(base + "/other/history").status()).isEqualTo(404);
        assertThat(customer.get(base + "/never/history").status()).isEqualTo(404);
        // audit_read alone reads history, not segments
        Api auditor = api(tenant, AUDIT_READ);
        assertThat(auditor.get(base + "/mine/history").status()).isEqualTo(200);
        assertThat(auditor.get(base + "/mine").status()).isEqualTo(403);
    }

    @Test
    void historyAndPastStatesAreTenantScoped() {
        clock.runFrom(Instant.now());
        api.post(base, IntegrationTestBase.segment("gold", "INACTIVE", "main", null, null));
        String other = IntegrationTestBase.newTenant();
        String otherBase = "/customer-segment/" + other + "/segments";
        Api otherApi = api(other, MANAGE + " " + READ);

        assertThat(api.get(base + "/gold/history").json()).hasSize(1);
        assertThat(otherApi.get(otherBase + "/gold/history").status()).isEqualTo(404);
        assertThat(otherApi.get(otherBase + "/gold?asOf=" + clock.instant()).status()).isEqualTo(404);
        assertThat(otherApi.get(base + "/gold/history").status()).isEqualTo(403);
    }

    @Test
    void theConsistencyCheckReportsACurrentVersionThatDisagreesWithTheStore() {
        clock.runFrom(Instant.now());
        api.post(base, IntegrationTestBase.segment("s1", "INACTIVE", "main", null, null));
        api.patch(base + "/s1", List.of(Map.of("op", "replace", "path", "/name/en", "value", "again")));
        api.post(base, IntegrationTestBase.segment("s2", "INACTIVE", "main", null, null));
        api.delete(base + "/s2");
        Api operator = new Api(Nodes.port(node), Tokens.token("ops", Tokens.ADMIN));
        JsonNode clean = operator.post("/actuator/consistency", Map.of("tenant", tenant)).json();
        assertThat(clean.get("divergenceCount").asInt()).isZero();
        assertThat(clean.at("/checked/segment-audit-projection").asInt()).isEqualTo(1);

        node.getBean(org.springframework.jdbc.core.JdbcTemplate.class).update("update segment_version set "
                + "to_index = from_index, valid_to = valid_from where tenant = ? and id = 's1' and to_index is null",
                tenant);
        JsonNode found = operator.post("/actuator/consistency", Map.of("tenant", tenant, "repair", true)).json();
        assertThat(found.get("divergenceCount").asInt()).isEqualTo(1);
        JsonNode divergence = found.get("divergences").get(0);
        assertThat(divergence.get("projection").asText()).isEqualTo("segment-audit-projection");
        assertThat(divergence.get("segmentId").asText()).isEqualTo("s1");
        assertThat(divergence.get("expectedVersion").asInt()).isEqualTo(2);
        assertThat(found.get("repaired").asInt()).isZero();
    }

    @Test
    void anEventStoredWithoutCallerOrCorrelationIdShowsNeither() {
        clock.runFrom(Instant.now());
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(node.getBean(TransactionManager.class));
        unitOfWork.execute(() -> node.getBean(EventStore.class).publish(new GenericDomainEventMessage<>("Segment",
                tenant + ":legacy", 0, new SegmentCreatedEvent(tenant, "legacy", new SegmentDetails(
                        Map.of("en", "Legacy"), null, null, SegmentStatus.INACTIVE, "main", null, null), 1, at),
                MetaData.with("tenant", tenant))));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get(base + "/legacy/history").status() == 200);
        JsonNode entry = history("/legacy").get(0);
        assertThat(entry.get("type").asText()).isEqualTo("customer-segment.segment-created");
        assertThat(entry.has("caller")).isFalse();
        assertThat(entry.has("correlationId")).isFalse();
        assertThat(Instant.parse(entry.get("timestamp").asText())).isEqualTo(at);
        assertThat(name(segmentAt("legacy", at))).isEqualTo("Legacy");
    }

    private Api api(String forTenant, String scope) {
        return new Api(Nodes.port(node), Tokens.token(forTenant, scope));
    }

    private JsonNode history(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        String parameters = query < 0 ? "" : pathAndQuery.substring(query);
        Api.Response response = api.get(base + path + "/history" + parameters);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private Api.Response segmentAt(Instant at) {
        return segmentAt("s", at);
    }

    private Api.Response segmentAt(String id, Instant at) {
        return api.get(base + "/" + id + "?asOf=" + at);
    }

    private List<String> customers(Instant at) {
        Api.Response response = api.get(base + "/s/customers?asOf=" + at + "&sort=customer.id:ASC");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        response.json().forEach(node -> keys.add(node.at("/customer/id").asText() + "/"
                + (node.has("legalEntity") ? node.at("/legalEntity/id").asText() : "")));
        return keys;
    }

    private static String name(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().at("/name/en").asText();
    }

    private static List<String> types(JsonNode entries) {
        return Json.texts(entries, "/type");
    }

    private static List<String> changes(JsonNode entry) {
        List<String> changes = new ArrayList<>();
        entry.get("changes").forEach(change -> changes.add(change.get("path").asText() + " "
                + text(change.get("before")) + " -> " + text(change.get("after"))));
        return changes;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "null" : value.isValueNode() ? value.asText() : value.toString();
    }
}
