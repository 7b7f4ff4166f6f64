package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static dev.segments.app.Tokens.READ_OWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Customer assignments, the customer replica, and what customer tokens may see, over real HTTP. */
class CustomerAssignmentIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    String tenant;
    Api api;
    String segments;

    @BeforeEach
    void newTenantAndClient() {
        tenant = newTenant();
        api = api(tenant, MANAGE + " " + READ + " customersegment.reference_manage");
        segments = "/customer-segment/" + tenant + "/segments";
    }

    @Test
    void upsertsReadsAndDeletesB2cAndB2bAssignments() {
        api.post(segments, segment("gold", "Gold"));
        String b2c = segments + "/gold/customers/c1";
        Api.Response created = api.put(b2c, Map.of("mixins", Map.of("tier", "A"),
                "metadata", Map.of("mixins", Map.of("tier", "https://example.com/tier.json"))));
        assertThat(created.status()).isEqualTo(201);
        JsonNode read = api.get(b2c).json();
        assertThat(read.get("customer").toString()).isEqualTo("{\"id\":\"c1\"}");
        assertThat(read.has("legalEntity")).isFalse();
        assertThat(read.get("assignmentType").asText()).isEqualTo("MANUAL");
        assertThat(read.get("mixins").get("tier").asText()).isEqualTo("A");
        assertThat(read.get("metadata").get("version").asInt()).isEqualTo(1);
        assertThat(read.get("metadata").get("mixins").get("tier").asText()).endsWith("tier.json");

        assertThat(api.put(b2c, Map.of("mixins", Map.of("tier", "B"), "metadata", Map.of("version", 1))).status())
                .isEqualTo(204);
        Api.Response stale = api.put(b2c, Map.of("mixins", Map.of("tier", "C"), "metadata", Map.of("version", 1)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(api.get(b2c).json().get("mixins").get("tier").asText()).isEqualTo("B");

        String reference = "/customer-segment/" + tenant + "/reference";
        assertThat(api.put(reference + "/customers/c1", Map.of("firstName", "Ada", "lastName", "Lovelace",
                "email", "ada@example.com")).status()).isEqualTo(201);
        assertThat(api.get(b2c).json().get("customer").get("lastName").asText()).isEqualTo("Lovelace");
        assertThat(api.put(reference + "/customers/c1", Map.of("firstName", "Ada", "lastName", "King")).status())
                .isEqualTo(204);
        assertThat(api.get(b2c).json().get("customer").get("lastName").asText()).isEqualTo("King");

        String b2b = segments + "/gold/customers/c1/le1";
        assertThat(api.put(b2b, null).status()).isEqualTo(201);
        assertThat(api.get(b2b).json().get("legalEntity").toString()).isEqualTo("{\"id\":\"le1\"}");
        api.put(reference + "/legal-entities/le1", Map.of("name", "Analytical Engines Ltd"));
        assertThat(api.get(b2b).json().get("legalEntity").get("name").asText()).isEqualTo("Analytical Engines Ltd");
        assertThat(api.get(b2c).status()).isEqualTo(200);

        assertThat(api.delete(b2b).status()).isEqualTo(204);
        assertThat(api.get(b2b).status()).isEqualTo(404);
        assertThat(api.delete(b2b).status()).isEqualTo(204);
        assertThat(api.get(b2c).status()).isEqualTo(200);
        assertThat(api.delete(reference + "/customers/c1").status()).isEqualTo(204);
        assertThat(api.get(b2c).json().get("customer").toString()).isEqualTo("{\"id\":\"c1\"}");
    }

    @Test
    void rejectsAssignmentsToMissingOrDeletedSegmentsWithoutWriting() {
        Api.Response missing = api.put(segments + "/nope/customers/c1", Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.put(segments + "/nope/customers/bulk", List.of(Map.of("customerId", "c1"))).status())
                .isEqualTo(404);
        api.post(segments, segment("gone", "Gone"));
        api.delete(segments + "/gone");
        assertThat(api.put(segments + "/gone/customers/c1", Map.of()).status()).isEqualTo(404);
        assertThat(api.delete(segments + "/gone/customers/c1").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like ?",
                Long.class, tenant + ":%:customer:%")).isZero();
    }

    @Test
    void rejectsBadAssignmentInput() {
        api.post(segments, segment("s", "S"));
        assertThat(api.put(segments + "/s/customers/c1", Map.of("mixins", "text")).status()).isEqualTo(400);
        assertThat(api.put(segments + "/s/customers/c1", Map.of("metadata", Map.of("version", -1))).status())
                .isEqualTo(400);
        assertThat(api.put(segments + "/s/customers/c1", "[1]").status()).isEqualTo(400);
        assertThat(api.put(segments + "/s/customers/bad%20id", Map.of()).status()).isEqualTo(400);
        assertThat(api.put(segments + "/s/customers/c1/" + "x".repeat(65), Map.of()).status()).isEqualTo(400);
        assertThat(api.get(segments + "/s/customers?q=customer.nope:1").status()).isEqualTo(400);
        assertThat(api.get(segments + "/s/customers?pageSize=5000").status()).isEqualTo(400);
        assertThat(api.put("/customer-segment/" + tenant + "/reference/customers/c1", Map.of("email", 5)).status())
                .isEqualTo(400);
        assertThat(api.get(segments + "/s/customers").json()).isEmpty();
    }

    @Test
    void listsAndSearchesAssignments() {
        api.post(segments, segment("s", "S"));
        for (int i = 1; i <= 5; i++) {
            api.put(segments + "/s/customers/c" + i, Map.of("mixins", Map.of("score", i * 10)));
        }
        api.put(segments + "/s/customers/c1/le1", Map.of());
        api.put(segments + "/s/customers/c2", Map.of("mixins", Map.of("score", 25), "metadata", Map.of("version", 1)));

        Api.Response all = api.get(segments + "/s/customers?sort=customer.id:DESC", "X-Total-Count", "true");
        assertThat(all.header("X-Total-Count")).isEqualTo("6");
        assertThat(Json.texts(all.json(), "/customer/id")).containsExactly("c5", "c4", "c3", "c2", "c1", "c1");
        assertThat(Json.texts(api.get(segments + "/s/customers?q=legalEntity.id:le1").json(), "/customer/id")).containsExactly("c1");
        assertThat(Json.texts(api.get(segments + "/s/customers?q=legalEntity.id:missing&sort=customer.id:ASC")
                .json(), "/customer/id")).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(customerIds(api.get(segments + "/s/customers?q=mixins.score:(>=20 AND <40)&sort=customer.id:ASC")
                .json())).containsExactly("c2", "c3");
        assertThat(Json.texts(api.get(segments + "/s/customers?q=metadata.version:2").json(), "/customer/id")).containsExactly("c2");
        assertThat(customerIds(api.post(segments + "/s/customers/search?pageSize=2&pageNumber=2&sort=customer.id:ASC",
                Map.of("q", "assignmentType:MANUAL")).json())).containsExactly("c2", "c3");
        JsonNode selected = api.get(segments + "/s/customers?q=customer.id:c3&fields=customer.id,metadata.version")
                .json().get(0);
        assertThat(selected.toString()).isEqualTo("{\"customer\":{\"id\":\"c3\"},\"metadata\":{\"version\":1}}");
        assertThat(api.get(segments + "/unknown/customers").status()).isEqualTo(404);
    }

    @Test
    void appliesBulkEntriesIndependently() {
        api.post(segments, segment("s", "S"));
        api.put(segments + "/s/customers/c1", Map.of());
        // entries 3 (no customerId) and beyond break the contract on purpose: each gets its own 400
        Api.Response upserted = api.outsideContract().put(segments + "/s/customers/bulk", List.of(
                Map.of("customerId", "c1", "mixins", Map.of("a", 1), "metadata", Map.of("version", 1)),
                Map.of("customerId", "c2", "legalEntityId", "le1"),
                Map.of("legalEntityId", "le1"),
                Map.of("customerId", "c1", "metadata", Map.of("version", 1)),
                Map.of("customerId", "bad id")));
        assertThat(upserted.status()).isEqualTo(207);
        JsonNode results = upserted.json();
        assertThat(Json.codes(results)).containsExactly(204, 201, 400, 409, 400);
        assertThat(results.get(2).get("message").asText()).contains("customerId");
        assertThat(results.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(api.get(segments + "/s/customers/c2/le1").status()).isEqualTo(200);

        Api.Response deleted = api.outsideContract().delete(segments + "/s/customers/bulk", List.of(
                Map.of("customerId", "c1"), Map.of("customerId", "c2", "legalEntityId", "le1"), Map.of("x", 1)));
        assertThat(Json.codes(deleted.json())).containsExactly(204, 204, 400);
        assertThat(api.get(segments + "/s/customers").json()).isEmpty();

        List<Map<String, Object>> tooMany = IntStream.rangeClosed(1, 201)
                .mapToObj(i -> Map.<String, Object>of("customerId", "x" + i)).toList();
        assertThat(api.put(segments + "/s/customers/bulk", tooMany).status()).isEqualTo(400);
        assertThat(api.get(segments + "/s/customers").json()).isEmpty();
    }

    @Test
    void forceDeleteRemovesAssignmentsAndARecreatedSegmentStartsEmpty() {
        api.post(segments, segment("s", "S"));
        api.put(segments + "/s/customers/c1", Map.of("mixins", Map.of("a", 1)));
        api.put(segments + "/s/customers/c2/le1", Map.of());
        Api.Response refused = api.delete(segments + "/s");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).contains("forceDelete");
        assertThat(api.delete(segments + "/bulk", List.of("s")).json().get(0).get("code").asInt()).isEqualTo(400);

        assertThat(api.delete(segments + "/s?forceDelete=true").status()).isEqualTo(204);
        assertThat(api.get(segments + "/s/customers/c1").status()).isEqualTo(404);
        assertThat(api.post(segments, segment("s", "S again")).status()).isEqualTo(201);
        assertThat(api.get(segments + "/s/customers").json()).isEmpty();
        assertThat(api.get(segments + "/s/customers/c1").status()).isEqualTo(404);
        Api.Response again = api.put(segments + "/s/customers/c1", Map.of());
        assertThat(again.status()).isEqualTo(201);
        assertThat(api.get(segments + "/s/customers/c1").json().get("metadata").get("version").asInt()).isEqualTo(1);
        assertThat(api.get(segments + "/s/customers/c1").json().has("mixins")).isFalse();
        assertThat(api.delete(segments + "/s").status()).isEqualTo(400);
        api.delete(segments + "/s/customers/c1");
        assertThat(api.delete(segments + "/s").status()).isEqualTo(204);
    }

    @Test
    void showsCustomerTokensOnlyTheActiveSegmentsTheyBelongTo() {
        Instant now = Instant.now();
        create("active", "ACTIVE", null, null);
        create("inactive", "INACTIVE", null, null);
        create("expired", "ACTIVE", now.minus(10, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS));
        create("future", "ACTIVE", now.plus(1, ChronoUnit.DAYS), null);
        create("windowed", "ACTIVE", now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS));
        create("others", "ACTIVE", null, null);
        create("company", "ACTIVE", null, null);
        create("othercompany", "ACTIVE", null, null);
        for (String segment : List.of("active", "inactive", "expired", "future", "windowed")) {
            api.put(segments + "/" + segment + "/customers/me", Map.of());
        }
        api.put(segments + "/others/customers/someone-else", Map.of());
        api.put(segments + "/company/customers/me/le1", Map.of());
        api.put(segments + "/othercompany/customers/me/le2", Map.of());
        api.put(segments + "/active/customers/someone-else", Map.of());

        Api customer = new Api(port, Tokens.sign(Tokens.claims(tenant, READ_OWN).subject("me")
                .claim("legalEntityIds", List.of("le1")).build(), dev.segments.app.security.JwtProperties
                .LOCAL_DEFAULT_SECRET));
        assertThat(Json.ids(customer.get(segments + "?sort=id:ASC").json())).containsExactly("active", "company", "windowed");
        assertThat(Json.ids(customer.post(segments + "/search?sort=id:ASC", Map.of("q", "siteCode:main")).json()))
                .containsExactly("active", "company", "windowed");
        assertThat(Json.ids(customer.get(segments + "?legalEntityId=le1&sort=id:ASC").json()))
                .containsExactly("active", "company", "windowed");
        assertThat(customer.get(segments + "?legalEntityId=le2").status()).isEqualTo(403);
        assertThat(customer.get(segments + "?customerId=someone-else").status()).isEqualTo(403);
        assertThat(customer.get(segments + "/active").status()).isEqualTo(200);
        for (String hidden : List.of("inactive", "expired", "future", "others", "othercompany", "missing")) {
            assertThat(customer.get(segments + "/" + hidden).status()).as(hidden).isEqualTo(404);
            assertThat(customer.get(segments + "/" + hidden + "/customers").status()).as(hidden).isEqualTo(404);
        }
        JsonNode own = customer.get(segments + "/active/customers").json();
        assertThat(Json.texts(own, "/customer/id")).containsExactly("me");
        assertThat(Json.texts(customer.get(segments + "/company/customers").json(), "/customer/id")).containsExactly("me");
        assertThat(customer.get(segments + "/active/customers/me").status()).isEqualTo(403);
        assertThat(customer.post(segments + "/active/customers/search", Map.of()).status()).isEqualTo(403);
        assertThat(customer.put(segments + "/active/customers/me", Map.of()).status()).isEqualTo(403);

        Api plainCustomer = new Api(port, Tokens.sign(Tokens.claims(tenant, READ_OWN).subject("me").build(),
                dev.segments.app.security.JwtProperties.LOCAL_DEFAULT_SECRET));
        assertThat(Json.ids(plainCustomer.get(segments + "?sort=id:ASC").json())).containsExactly("active", "windowed");

        Api otherTenant = new Api(port, Tokens.sign(Tokens.claims(newTenant(), READ_OWN).subject("me").build(),
                dev.segments.app.security.JwtProperties.LOCAL_DEFAULT_SECRET));
        assertThat(otherTenant.get(segments).status()).isEqualTo(403);

        assertThat(Json.ids(api.get(segments + "?customerId=me&sort=id:ASC").json()))
                .containsExactly("active", "company", "expired", "future", "inactive", "othercompany", "windowed");
        assertThat(Json.ids(api.get(segments + "?customerId=me&legalEntityId=le2&sort=id:ASC").json()))
                .containsExactly("active", "expired", "future", "inactive", "othercompany", "windowed");
    }

    @Test
    void losesNothingUnderFiftyConcurrentBulkUpserts() {
        api.post(segments, segment("busy", "Busy"));
        List<CompletableFuture<Api.Response>> writers = new ArrayList<>();
        for (int writer = 0; writer < 50; writer++) {
            int w = writer;
            List<Map<String, Object>> entries = IntStream.range(0, 20)
                    .mapToObj(i -> Map.<String, Object>of("customerId", "w" + w + "-c" + i)).toList();
            writers.add(CompletableFuture.supplyAsync(() -> api.put(segments + "/busy/customers/bulk", entries)));
        }
        for (CompletableFuture<Api.Response> writer : writers) {
            Api.Response response = writer.join();
            assertThat(response.status()).isEqualTo(207);
            assertThat(Json.codes(response.json())).containsOnly(201);
        }
        assertThat(api.get(segments + "/busy/customers?pageSize=1", "X-Total-Count", "true").header("X-Total-Count"))
                .isEqualTo("1000");
        assertThat(jdbc.queryForObject("select count(*) from segment_assignment_registry where tenant = ?",
                Long.class, tenant)).isEqualTo(1000);
    }

    @Test
    void bulkWritesTheSameStreamsAsSingleAssignments() {
        api.post(segments, segment("s", "S"));
        assertThat(Json.codes(api.put(segments + "/s/customers/bulk", List.of(
                Map.of("customerId", "c1"),
                Map.of("customerId", "c1", "mixins", Map.of("n", 2), "metadata", Map.of("version", 1)))).json()))
                .containsExactly(201, 204);
        assertThat(api.put(segments + "/s/customers/c1", Map.of("metadata", Map.of("version", 2))).status())
                .isEqualTo(204);
        assertThat(api.delete(segments + "/s/customers/c1").status()).isEqualTo(204);
        assertThat(Json.codes(api.put(segments + "/s/customers/bulk", List.of(
                Map.of("customerId", "c1", "metadata", Map.of("version", 7)),
                Map.of("customerId", "c1", "mixins", Map.of("n", 5), "metadata", Map.of("version", 1)))).json()))
                .containsExactly(201, 204);
        assertThat(api.get(segments + "/s/customers/c1").json().get("metadata").get("version").asInt()).isEqualTo(2);

        List<Map<String, Object>> stream = jdbc.queryForList("select type, sequence_number, payload_type, "
                + "convert_from(meta_data, 'UTF8')::jsonb as meta from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", tenant + ":s:1:customer:c1");
        assertThat(stream).extracting(row -> row.get("sequence_number")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(stream).extracting(row -> row.get("type")).containsOnly("CustomerAssignment");
        assertThat(stream).extracting(row -> ((String) row.get("payload_type")).replaceAll(".*\\.", ""))
                .containsExactly("CustomerAssignedEvent", "CustomerAssignmentUpdatedEvent",
                        "CustomerAssignmentUpdatedEvent", "CustomerUnassignedEvent", "CustomerAssignedEvent",
                        "CustomerAssignmentUpdatedEvent");
        // bulk and single writes carry the same audit metadata
        assertThat(stream).extracting(row -> row.get("meta").toString())
                .allMatch(meta -> meta.contains("\"tenant\": \"" + tenant + "\""))
                .allMatch(meta -> meta.contains("\"caller\": ") && meta.contains("\"correlationId\": "));
        assertThat(jdbc.queryForObject("select count(*) from segment_assignment_registry where tenant = ?",
                Long.class, tenant)).isEqualTo(1);
    }

    @Test
    void concurrentBulkUpsertsOfTheSameCustomersLoseNoUpdate() {
        api.post(segments, segment("shared", "Shared"));
        List<Map<String, Object>> entries = IntStream.range(0, 20)
                .mapToObj(i -> Map.<String, Object>of("customerId", "c" + i, "mixins", Map.of("i", i))).toList();
        List<CompletableFuture<Api.Response>> writers = new ArrayList<>();
        for (int writer = 0; writer < 10; writer++) {
            writers.add(CompletableFuture.supplyAsync(() -> api.put(segments + "/shared/customers/bulk", entries)));
        }
        List<Integer> codes = new ArrayList<>();
        for (CompletableFuture<Api.Response> writer : writers) {
            Api.Response response = writer.join();
            assertThat(response.status()).isEqualTo(207);
            codes.addAll(Json.codes(response.json()));
        }
        // each customer created by exactly one request and updated by the nine others
        assertThat(codes).filteredOn(code -> code == 201).hasSize(20);
        assertThat(codes).filteredOn(code -> code == 204).hasSize(180);
        JsonNode all = api.get(segments + "/shared/customers?pageSize=100").json();
        assertThat(all).hasSize(20);
        assertThat(Json.texts(all, "/metadata/version")).containsOnly("10");
    }

    private void create(String id, String status, Instant from, Instant to) {
        assertThat(api.post(segments, segment(id, status, "main", from, to)).status()).isEqualTo(201);
    }




    private static List<String> customerIds(JsonNode array) {
        return Json.texts(array, "/customer/id");
    }
}
