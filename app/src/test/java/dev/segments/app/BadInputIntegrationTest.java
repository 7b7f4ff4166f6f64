package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every kind of bad input is a 4xx in the API's error format with a message, never a 500, and never a
 * partial write: after each test the tenant has no events beyond those the test wrote on purpose.
 */
class BadInputIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    String tenant;
    Api api;
    String base;
    long expectedEvents;

    @BeforeEach
    void newTenantAndClient() {
        tenant = newTenant();
        api = api(tenant, MANAGE + " " + READ);
        base = "/customer-segment/" + tenant + "/segments";
        expectedEvents = 0;
    }

    @AfterEach
    void nothingWasWrittenByBadRequests() {
        // the changes the tests make (an active segment's activation is recorded besides, and not counted)
        Long events = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like ? "
                + "and payload_type not like '%.SegmentActivatedEvent' and payload_type not like '%.SegmentDeactivatedEvent'",
                Long.class, tenant + ":%");
        assertThat(events).isEqualTo(expectedEvents);
    }

    @Test
    void rejectsMalformedJson() {
        expectBadRequest(api.post(base, "{\"id\": \"x\", \"name\": "), "not valid JSON");
        expectBadRequest(api.post(base, ""), "JSON");
    }

    @Test
    void rejectsWrongJsonTypes() {
        expectBadRequest(api.post(base, with(valid(), "name", 5)), "'name'");
        expectBadRequest(api.post(base, with(valid(), "name", Map.of("en", 5))), "'name.en'");
        expectBadRequest(api.post(base, with(valid(), "siteCode", List.of("main"))), "'siteCode'");
        expectBadRequest(api.post(base, with(valid(), "mixins", "text")), "'mixins'");
        expectBadRequest(api.post(base, with(valid(), "validity", "always")), "'validity'");
        expectBadRequest(api.post(base, with(valid(), "id", 17)), "'id'");
        expectBadRequest(api.post(base, List.of(valid())), "JSON object");
    }

    @Test
    void rejectsMissingRequiredFields() {
        Map<String, Object> noName = valid();
        noName.remove("name");
        expectBadRequest(api.post(base, noName), "'name'");
        Map<String, Object> noSite = valid();
        noSite.remove("siteCode");
        expectBadRequest(api.post(base, noSite), "'siteCode'");
        expectBadRequest(api.post(base, with(valid(), "name", Map.of())), "'name'");
        expectBadRequest(api.put(base + "/x", Map.of("siteCode", "main")), "'name'");
    }

    @Test
    void rejectsUnknownStatus() {
        expectBadRequest(api.post(base, with(valid(), "status", "ENABLED")), "ACTIVE, INACTIVE");
        expectBadRequest(api.post(base, with(valid(), "status", "active")), "ACTIVE, INACTIVE");
    }

    @Test
    void rejectsUnparseableDatesAndInvertedValidity() {
        expectBadRequest(api.post(base, with(valid(), "validity", Map.of("from", "yesterday"))), "'validity.from'");
        expectBadRequest(api.post(base, with(valid(), "validity", Map.of("to", "2024-13-45T00:00:00Z"))),
                "'validity.to'");
        expectBadRequest(api.post(base, with(valid(), "validity",
                Map.of("from", "2025-01-01T00:00:00Z", "to", "2024-01-01T00:00:00Z"))), "must not be after");
    }

    @Test
    void rejectsInvalidIdsAndTenants() {
        expectBadRequest(api.post(base, with(valid(), "id", "has space")), "'id'");
        expectBadRequest(api.post(base, with(valid(), "id", "x".repeat(65))), "'id'");
        expectBadRequest(api.put(base + "/" + "y".repeat(65), valid()), "segmentId");
        expectBadRequest(api.get(base + "/bad%20id"), "segmentId");
        Api.Response badTenant = api.get("/customer-segment/Bad_Tenant/segments");
        expectBadRequest(badTenant, "tenant");
        expectBadRequest(api.get("/customer-segment/ab/segments"), "tenant");
    }

    @Test
    void rejectsBodiesOverTenMegabytes() {
        String huge = "{\"id\":\"big\",\"siteCode\":\"main\",\"name\":{\"en\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}";
        Api.Response response = api.post(base, huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asInt()).isEqualTo(413);
        assertThat(response.json().get("message").asText()).contains("10 MB");
    }

    @Test
    void rejectsAbsurdFieldSizes() {
        expectBadRequest(api.post(base, with(valid(), "name", Map.of("en", "n".repeat(1001)))), "longer than");
        expectBadRequest(api.post(base, with(valid(), "description", Map.of("en", "d".repeat(10_001)))),
                "longer than");
        expectBadRequest(api.post(base, with(valid(), "mixins", Map.of("blob", "m".repeat(70_000)))), "larger than");
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> current = deep;
        for (int i = 0; i < 30; i++) {
            Map<String, Object> next = new HashMap<>();
            current.put("k", next);
            current = next;
        }
        expectBadRequest(api.post(base, with(valid(), "mixins", deep)), "nested deeper");
        expectBadRequest(api.post(base, with(valid(), "name", Map.of("not a language!", "x"))), "language code");
    }

    @Test
    void rejectsBadPaging() {
        expectBadRequest(api.get(base + "?pageSize=0"), "pageSize");
        expectBadRequest(api.get(base + "?pageSize=1001"), "pageSize");
        expectBadRequest(api.get(base + "?pageSize=abc"), "pageSize");
        expectBadRequest(api.get(base + "?pageNumber=0"), "pageNumber");
        expectBadRequest(api.get(base + "?pageNumber=-1"), "pageNumber");
        expectBadRequest(api.get(base + "?q=nosuchfield:1"), "nosuchfield");
        expectBadRequest(api.get(base + "?sort=id:UP"), "UP");
        expectBadRequest(api.get(base, "X-Total-Count", "maybe"), "X-Total-Count");
        expectBadRequest(api.post(base + "/search", Map.of("q", 5)), "'q'");
    }

    @Test
    void rejectsStaleAndInvalidVersions() {
        assertThat(api.post(base, valid()).status()).isEqualTo(201);
        expectedEvents = 1;
        Api.Response stale = api.put(base + "/valid", with(valid(), "metadata", Map.of("version", 7)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("status").asText()).isEqualTo("Conflict");
        expectBadRequest(api.put(base + "/valid", with(valid(), "metadata", Map.of("version", "one"))),
                "'metadata.version'");
    }

    @Test
    void rejectsInvalidPatchesWithoutChangingAnything() {
        assertThat(api.post(base, valid()).status()).isEqualTo(201);
        expectedEvents = 1;
        String segment = base + "/valid";
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "move", "path", "/status", "from", "/x"))),
                "unsupported op 'move'");
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "replace", "path", "/nope/deeper", "value", 1))),
                "cannot be patched");
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "replace", "path", "/metadata/version",
                "value", 9))), "cannot be patched");
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "remove", "path", "/description"))),
                "does not exist");
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "replace", "path", "status", "value", "ACTIVE"))),
                "JSON pointer");
        expectBadRequest(api.patch(segment, List.of(
                Map.of("op", "replace", "path", "/status", "value", "INACTIVE"),
                Map.of("op", "remove", "path", "/name"))), "'name'");
        expectBadRequest(api.patch(segment, List.of(Map.of("op", "replace", "path", "/status", "value", "BAD"))),
                "ACTIVE, INACTIVE");
        expectBadRequest(api.patch(segment, Map.of("op", "replace")), "array");
        expectBadRequest(api.patch(segment, List.of("replace")), "'op'");
        assertThat(api.get(segment).json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.get(segment).json().get("metadata").get("version").asInt()).isEqualTo(1);

        Api.Response unknown = api.patch(base + "/unknown",
                List.of(Map.of("op", "replace", "path", "/status", "value", "ACTIVE")));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void rejectsWhatTheStoresCannotHoldBeforeAnythingIsStored() {
        // the probe's requests: each stalled a projection for every tenant when it was accepted
        expectBadRequest(api.post(base, "{\"id\":\"nul1\",\"name\":{\"en\":\"a\\u0000b\"},\"siteCode\":\"main\"}"),
                "NUL");
        expectBadRequest(api.post(base, "{\"id\":\"nul2\",\"name\":{\"en\":\"a\"},\"siteCode\":\"main\","
                + "\"mixins\":{\"k\\u0000\":1}}"), "NUL");
        expectBadRequest(api.post(base, "{\"id\":\"nul3\",\"name\":{\"en\":\"a\"},\"siteCode\":\"main\","
                + "\"description\":{\"en\":\"\\u0000\"}}"), "NUL");
        expectBadRequest(api.post(base, "{\"id\":\"sur\",\"name\":{\"en\":\"\\ud800x\"},\"siteCode\":\"main\"}"),
                "unpaired");
        expectBadRequest(api.post(base, with(valid(), "validity", Map.of("from", "+999999-01-01T00:00:00Z"))),
                "'validity.from' must lie between");
        expectBadRequest(api.post(base, "{\"id\":\"num\",\"name\":{\"en\":\"a\"},\"siteCode\":\"main\","
                + "\"mixins\":{\"n\":1e400000}}"), "exponent");

        assertThat(api.post(base, valid()).status()).isEqualTo(201);
        expectedEvents = 1;
        expectBadRequest(api.put(base + "/valid/customers/c1", "{\"mixins\":{\"x\":\"\\u0000\"}}"), "NUL");
        Api.Response bulk = api.put(base + "/valid/customers/bulk", "[{\"customerId\":\"c1\",\"metadata\":"
                + "{\"mixins\":{\"x\\u0000\":1}}}]");
        assertThat(bulk.status()).isEqualTo(207);
        assertThat(bulk.json().get(0).get("code").asInt()).isEqualTo(400);
        assertThat(bulk.json().get(0).get("message").asText()).contains("NUL");
        expectBadRequest(api.put(base + "/valid/items/PRODUCT/p1", "{\"mixins\":{\"x\":\"\\u0000\"}}"), "NUL");
        expectBadRequest(api.patch(base + "/valid", "[{\"op\":\"add\",\"path\":\"/name/de\",\"value\":"
                + "\"\\u0000\"}]"), "NUL");

        String reference = "/customer-segment/" + tenant + "/reference";
        Api referenceApi = api.withToken(Tokens.token(tenant, "customersegment.reference_manage"));
        expectBadRequest(referenceApi.put(reference + "/customers/c1", "{\"firstName\":\"A\\u0000\",\"lastName\":\"B\"}"),
                "NUL");
        expectBadRequest(referenceApi.put(reference + "/categories/k1", "{\"name\":{\"en\":\"\\u0000\"}}"), "NUL");
        expectBadRequest(referenceApi.put(reference + "/legal-entities/le1", "{\"name\":\"\\u0000\"}"), "NUL");
    }

    @Test
    void acceptsMixinsOfExactlySixtyFourKilobytesAndKeepsNumbersExact() {
        // {"blob":"..."} is 11 bytes of JSON around the text
        Map<String, Object> body = with(valid(), "mixins", Map.of("blob", "x".repeat(65_536 - 11)));
        assertThat(api.post(base, body).status()).isEqualTo(201);
        assertThat(api.post(base, "{\"id\":\"exact\",\"name\":{\"en\":\"a\"},\"siteCode\":\"main\","
                + "\"mixins\":{\"n\":0.30000000000000001,\"big\":123456789012345678901234567890}}").status())
                .isEqualTo(201);
        expectedEvents = 2;
        Api.Response read = api.get(base + "/exact");
        assertThat(read.body()).contains("0.30000000000000001", "123456789012345678901234567890");
    }

    @Test
    void namesAWronglyTypedHeaderWithoutJavaTypes() {
        Api.Response response = api.get(base, "X-Total-Count", "maybe");
        expectBadRequest(response, "Header 'X-Total-Count' must be true or false.");
        assertThat(response.body()).doesNotContain("java.lang");
    }

    @Test
    void answersPathsTheFirewallRefusesAndTheErrorPageAsClientErrors() {
        expectBadRequest(api.get(base + "/%2e%2e"), "not allowed");
        expectBadRequest(api.get(base + "/sec-a;x=1"), "not allowed");
        expectBadRequest(api.get(base + "/a%0d%0ab"), "not allowed");
        // refused by Tomcat itself, before any filter: still the API's error body, not an HTML page
        for (String path : new String[] {"/a%00b", "/a%2Fb", "/a%5Cb", "/a%FFb"}) {
            expectBadRequest(api.get(base + path), "not valid HTTP for this API");
        }
        Api.Response error = api.get("/error");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.json().get("code").asInt()).isEqualTo(404);
    }

    @Test
    void rejectsUnsupportedMediaTypes() {
        Api.Response response = api.post(base, "id=x", "Content-Type", "text/plain");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().get("code").asInt()).isEqualTo(415);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    @Test
    void rejectsABadContentLanguage() {
        expectBadRequest(api.post(base, with(valid(), "name", "Plain"), "Content-Language", "en, de"),
                "Content-Language");
    }

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("id", "valid");
        body.put("name", Map.of("en", "Valid"));
        body.put("siteCode", "main");
        body.put("status", "ACTIVE");
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private static void expectBadRequest(Api.Response response, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asInt()).isEqualTo(400);
        assertThat(response.json().get("status").asText()).isEqualTo("Bad Request");
        assertThat(response.json().get("message").asText()).as(response.toString()).contains(messagePart);
    }
}
