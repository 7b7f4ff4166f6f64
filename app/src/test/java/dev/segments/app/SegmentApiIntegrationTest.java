package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Segments over real HTTP with real tokens against PostgreSQL: every endpoint's happy paths and rules. */
class SegmentApiIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    String tenant;
    Api api;
    String base;

    @BeforeEach
    void newTenantAndClient() {
        tenant = newTenant();
        api = api(tenant, MANAGE + " " + READ);
        base = "/customer-segment/" + tenant + "/segments";
    }

    @Test
    void createsReadsUpdatesPatchesAndDeletesASegment() {
        Api.Response created = api.post(base, Map.of("id", "gold", "name", Map.of("en", "Gold", "de", "Gold DE"),
                "description", Map.of("en", "Best"), "siteCode", "main", "status", "ACTIVE",
                "validity", Map.of("from", "2024-04-17T08:00:00.000Z", "to", "2030-04-17T08:00:00Z"),
                "mixins", Map.of("attrs", Map.of("level", 3)),
                "metadata", Map.of("mixins", Map.of("attrs", "https://example.com/attrs.json"))));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("gold");

        JsonNode read = api.get(base + "/gold").json();
        assertThat(read.get("name").get("de").asText()).isEqualTo("Gold DE");
        assertThat(read.get("validity").get("from").asText()).isEqualTo("2024-04-17T08:00:00Z");
        assertThat(read.get("mixins").get("attrs").get("level").asInt()).isEqualTo(3);
        assertThat(read.get("metadata").get("version").asInt()).isEqualTo(1);
        assertThat(read.get("metadata").get("mixins").get("attrs").asText()).endsWith("attrs.json");
        assertThat(read.get("metadata").get("createdAt").asText()).isNotBlank();

        Api.Response updated = api.put(base + "/gold", Map.of("name", Map.of("en", "Gold 2"), "siteCode", "main",
                "status", "INACTIVE", "metadata", Map.of("version", 1)));
        assertThat(updated.status()).isEqualTo(204);
        read = api.get(base + "/gold").json();
        assertThat(read.get("name").get("en").asText()).isEqualTo("Gold 2");
        assertThat(read.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(read.has("description")).isFalse();
        assertThat(read.get("metadata").get("version").asInt()).isEqualTo(2);

        Api.Response patched = api.patch(base + "/gold", List.of(
                Map.of("op", "replace", "path", "/status", "value", "ACTIVE"),
                Map.of("op", "add", "path", "/name/fr", "value", "Or"),
                Map.of("op", "add", "path", "/mixins", "value", Map.of("tier", Map.of("price", 15)))));
        assertThat(patched.status()).isEqualTo(204);
        read = api.get(base + "/gold").json();
        assertThat(read.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(read.get("name").get("fr").asText()).isEqualTo("Or");
        assertThat(read.get("mixins").get("tier").get("price").asInt()).isEqualTo(15);
        assertThat(read.get("metadata").get("version").asInt()).isEqualTo(3);

        assertThat(api.delete(base + "/gold").status()).isEqualTo(204);
        Api.Response gone = api.get(base + "/gold");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("code").asInt()).isEqualTo(404);
        assertThat(gone.json().get("message").asText()).contains("gold");
    }

    @Test
    void generatesALowercaseIdWhenNoneIsGiven() {
        Api.Response created = api.post(base, Map.of("name", Map.of("en", "Anon"), "siteCode", "main"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).isEqualTo(id.toLowerCase());
        JsonNode read = api.get(base + "/" + id).json();
        assertThat(read.get("status").asText()).isEqualTo("INACTIVE");
    }

    @Test
    void rejectsCreatingAnExistingId() {
        assertThat(api.post(base, segment("dup", "One")).status()).isEqualTo(201);
        Api.Response again = api.post(base, segment("dup", "Two"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("The resource already exists.");
        assertThat(api.get(base + "/dup").json().get("name").get("en").asText()).isEqualTo("One");
    }

    @Test
    void recreatesADeletedIdAsANewSegment() {
        api.post(base, segment("phoenix", "First"));
        api.put(base + "/phoenix", Map.of("name", Map.of("en", "First v2"), "siteCode", "main"));
        api.delete(base + "/phoenix");
        assertThat(api.post(base, segment("phoenix", "Second")).status()).isEqualTo(201);
        JsonNode read = api.get(base + "/phoenix").json();
        assertThat(read.get("name").get("en").asText()).isEqualTo("Second");
        assertThat(read.get("metadata").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void upsertCreatesThenUpdates() {
        Api.Response created = api.put(base + "/up", Map.of("name", Map.of("en", "Up"), "siteCode", "main"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("up");
        assertThat(api.put(base + "/up", Map.of("name", Map.of("en", "Up 2"), "siteCode", "main")).status())
                .isEqualTo(204);
        assertThat(api.get(base + "/up").json().get("metadata").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void rejectsStaleVersion() {
        api.post(base, segment("stale", "Stale"));
        api.put(base + "/stale", Map.of("name", Map.of("en", "v2"), "siteCode", "main", "metadata", Map.of("version", 1)));
        Api.Response conflict = api.put(base + "/stale", Map.of("name", Map.of("en", "v3"), "siteCode", "main",
                "metadata", Map.of("version", 1)));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("message").asText())
                .isEqualTo("The resource you are attempting to access has changed.");
        assertThat(api.get(base + "/stale").json().get("name").get("en").asText()).isEqualTo("v2");
    }

    @Test
    void letsExactlyOneOfTwoConcurrentUpsertsWithTheSameVersionWin() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "race" + round;
            api.post(base, segment(id, "Race"));
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> writers = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                String name = "writer " + writer;
                writers.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return api.put(base + "/" + id, Map.of("name", Map.of("en", name), "siteCode", "main",
                            "metadata", Map.of("version", 1))).status();
                }));
            }
            List<Integer> statuses = writers.stream().map(CompletableFuture::join).sorted().toList();
            assertThat(statuses).containsExactly(204, 409);
            assertThat(api.get(base + "/" + id).json().get("metadata").get("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void readsItsOwnWritesImmediately() {
        api.post(base, segment("ryw", "v1"));
        for (int i = 2; i <= 60; i++) {
            assertThat(api.put(base + "/ryw", Map.of("name", Map.of("en", "v" + i), "siteCode", "main")).status())
                    .isEqualTo(204);
            JsonNode read = api.get(base + "/ryw").json();
            assertThat(read.get("metadata").get("version").asInt()).isEqualTo(i);
            assertThat(read.get("name").get("en").asText()).isEqualTo("v" + i);
        }
        for (int i = 0; i < 30; i++) {
            api.post(base, segment("burst" + i, "Burst"));
            assertThat(api.get(base + "?q=id:burst" + i).json()).hasSize(1);
        }
    }

    @Test
    void acceptsPlainStringsUnderContentLanguageAndReducesByAcceptLanguage() {
        assertThat(api.post(base, Map.of("id", "loc", "name", "Nom", "description", "Desc", "siteCode", "main"),
                "Content-Language", "fr").status()).isEqualTo(201);
        api.patch(base + "/loc", List.of(Map.of("op", "add", "path", "/name/en", "value", "Name"),
                Map.of("op", "add", "path", "/name/en-US", "value", "Name US")));

        assertThat(api.get(base + "/loc").json().get("name")).hasSize(3);
        assertThat(api.get(base + "/loc", "Accept-Language", "*").json().get("name")).hasSize(3);
        JsonNode french = api.get(base + "/loc", "Accept-Language", "fr").json();
        assertThat(french.get("name").toString()).isEqualTo("{\"fr\":\"Nom\"}");
        assertThat(french.get("description").toString()).isEqualTo("{\"fr\":\"Desc\"}");
        JsonNode fallback = api.get(base + "/loc", "Accept-Language", "de;q=0.9, en-US;q=0.8, fr;q=0.1").json();
        assertThat(fallback.get("name").toString()).isEqualTo("{\"en-US\":\"Name US\"}");
        assertThat(fallback.get("description").toString()).isEqualTo("{\"fr\":\"Desc\"}");

        Api.Response withoutLanguage = api.post(base, Map.of("id", "loc2", "name", "Nom", "siteCode", "main"));
        assertThat(withoutLanguage.status()).isEqualTo(400);
        assertThat(withoutLanguage.json().get("message").asText()).contains("Content-Language");
    }

    @Test
    void listsPagesSortsAndCounts() {
        for (int i = 1; i <= 7; i++) {
            api.post(base, Map.of("id", "p" + i, "name", Map.of("en", "Segment " + i),
                    "siteCode", i % 2 == 0 ? "even" : "odd", "status", "ACTIVE"));
        }
        Api.Response page = api.get(base + "?pageSize=3&pageNumber=2&sort=id:DESC", "X-Total-Count", "true");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("X-Total-Count")).isEqualTo("7");
        assertThat(Json.ids(page.json())).containsExactly("p4", "p3", "p2");
        assertThat(api.get(base).header("X-Total-Count")).isNull();

        assertThat(Json.ids(api.get(base + "?q=siteCode:even&sort=id:ASC").json())).containsExactly("p2", "p4", "p6");
        Api.Response searched = api.post(base + "/search?sort=id:ASC", Map.of("q", "siteCode:odd"),
                "X-Total-Count", "true");
        assertThat(Json.ids(searched.json())).containsExactly("p1", "p3", "p5", "p7");
        assertThat(searched.header("X-Total-Count")).isEqualTo("4");

        JsonNode selected = api.get(base + "?q=id:p1&fields=id,name,metadata.version").json().get(0);
        assertThat(selected.has("siteCode")).isFalse();
        assertThat(selected.get("name").get("en").asText()).isEqualTo("Segment 1");
        assertThat(selected.get("metadata").has("createdAt")).isFalse();
        assertThat(selected.get("metadata").get("version").asInt()).isEqualTo(1);
        JsonNode one = api.get(base + "/p1?fields=id").json();
        assertThat(one.toString()).isEqualTo("{\"id\":\"p1\"}");
    }

    @Test
    void appliesEachBulkEntryIndependently() {
        api.post(base, segment("b-existing", "Existing"));
        // some entries break the contract on purpose: each gets its own 400 while the others apply
        Api.Response created = api.outsideContract().post(base + "/bulk", List.of(
                segment("b1", "One"),
                Map.of("id", "b2", "siteCode", "main"),
                segment("b-existing", "Again"),
                "not an object",
                Map.of("name", Map.of("en", "Generated"), "siteCode", "main")));
        assertThat(created.status()).isEqualTo(207);
        JsonNode results = created.json();
        assertThat(results).hasSize(5);
        assertEntry(results.get(0), 1, 201, "b1");
        assertEntry(results.get(1), 2, 400, "b2");
        assertThat(results.get(1).get("message").asText()).contains("name");
        assertEntry(results.get(2), 3, 409, "b-existing");
        assertThat(results.get(3).get("code").asInt()).isEqualTo(400);
        assertThat(results.get(4).get("code").asInt()).isEqualTo(201);
        assertThat(api.get(base + "/b1").status()).isEqualTo(200);
        assertThat(api.get(base + "/b2").status()).isEqualTo(404);

        Api.Response upserted = api.put(base + "/bulk", List.of(
                Map.of("id", "b1", "name", Map.of("en", "One v2"), "siteCode", "main", "metadata", Map.of("version", 1)),
                Map.of("id", "b3", "name", Map.of("en", "Three"), "siteCode", "main"),
                Map.of("id", "b1", "name", Map.of("en", "stale"), "siteCode", "main", "metadata", Map.of("version", 1)),
                Map.of("name", Map.of("en", "no id"), "siteCode", "main")));
        assertThat(upserted.status()).isEqualTo(207);
        results = upserted.json();
        assertEntry(results.get(0), 1, 204, "b1");
        assertThat(results.get(0).get("status").asText()).isEqualTo("OK");
        assertEntry(results.get(1), 2, 201, "b3");
        assertEntry(results.get(2), 3, 409, "b1");
        assertThat(results.get(3).get("code").asInt()).isEqualTo(400);
        assertThat(api.get(base + "/b1").json().get("name").get("en").asText()).isEqualTo("One v2");

        Api.Response deleted = api.delete(base + "/bulk", List.of("b1", "b3", "never-existed", "bad id!"));
        assertThat(deleted.status()).isEqualTo(207);
        results = deleted.json();
        assertEntry(results.get(0), 1, 204, "b1");
        assertEntry(results.get(1), 2, 204, "b3");
        assertEntry(results.get(2), 3, 204, "never-existed");
        assertThat(results.get(3).get("code").asInt()).isEqualTo(400);
        assertThat(api.get(base + "/b1").status()).isEqualTo(404);
    }

    @Test
    void refusesBulkRequestsOverTwoHundredEntriesAndAppliesNothing() {
        List<Map<String, Object>> entries = IntStream.rangeClosed(1, 201)
                .mapToObj(i -> segment("many" + i, "Many")).toList();
        Api.Response response = api.post(base + "/bulk", entries);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("200");
        assertThat(api.put(base + "/bulk", entries).status()).isEqualTo(400);
        assertThat(api.delete(base + "/bulk", IntStream.rangeClosed(1, 201).mapToObj(i -> "x" + i).toList()).status())
                .isEqualTo(400);
        assertThat(count()).isZero();
    }

    @Test
    void deletesIdempotentlyAndProtectsSegmentsWithAssignments() {
        assertThat(api.delete(base + "/nothing-here").status()).isEqualTo(204);

        api.post(base, segment("assigned", "Assigned"));
        jdbc.update("insert into segment_assignment_registry (tenant, segment_id, generation, assignment_key) "
                + "values (?, ?, 1, ?)",
                tenant, "assigned", "customer:c1");
        Api.Response refused = api.delete(base + "/assigned");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).contains("forceDelete=true");
        assertThat(api.get(base + "/assigned").status()).isEqualTo(200);
        assertThat(api.delete(base + "/assigned?forceDelete=true").status()).isEqualTo(204);
        assertThat(api.get(base + "/assigned").status()).isEqualTo(404);
    }

    @Test
    void recordsTenantCallerAndCorrelationIdOnEveryEvent() {
        Api.Response created = api.post(base, segment("audited", "Audited"), "X-Correlation-Id", "req-42");
        assertThat(created.header("X-Correlation-Id")).isEqualTo("req-42");
        api.put(base + "/audited", Map.of("name", Map.of("en", "v2"), "siteCode", "main"));
        List<String> metadata = jdbc.queryForList("select convert_from(meta_data, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", String.class, tenant + ":audited");
        // created and activated (it is ACTIVE), then updated and deactivated (the PUT leaves status INACTIVE)
        assertThat(metadata).hasSize(4);
        assertThat(metadata.subList(0, 2)).allSatisfy(m -> assertThat(m).contains("\"tenant\":\"" + tenant + "\"",
                "\"caller\":\"test-client\"", "\"correlationId\":\"req-42\""));
        assertThat(metadata.subList(2, 4)).allSatisfy(m -> assertThat(m).contains("\"correlationId\"")
                .doesNotContain("req-42"));
    }

    @Test
    void storesEventsAsReadableJson() {
        api.post(base, segment("json", "Json"));
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and payload_type like '%.SegmentCreatedEvent'", String.class,
                tenant + ":json");
        assertThat(payload).startsWith("{").contains("\"segmentId\":\"json\"", "\"siteCode\":\"main\"");
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from segment_view where tenant = ?", Long.class, tenant);
    }


    private static void assertEntry(JsonNode entry, int index, int code, String id) {
        assertThat(entry.get("index").asInt()).isEqualTo(index);
        assertThat(entry.get("code").asInt()).as(entry.toString()).isEqualTo(code);
        assertThat(entry.get("id").asText()).isEqualTo(id);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
