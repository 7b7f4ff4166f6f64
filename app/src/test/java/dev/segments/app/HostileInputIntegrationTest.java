package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Hostile input over every write endpoint (segments and their bulk forms, JSON Patch, customer and item
 * assignments and their bulk forms, the reference data replica): NUL and other control characters, unpaired
 * surrogates, extreme numbers, extreme and malformed dates, deep nesting, huge strings, wrong JSON types and
 * malformed JSON, in every field, as keys, in path ids, parameters and headers, and as raw bytes that are not
 * UTF-8. Generated with jqwik from a fixed seed: first a sweep of every target of every endpoint with a value
 * of every kind, then random combinations. No request is ever answered with a 5xx (nor any entry of a bulk
 * answer), and afterwards every projection has processed everything and parked nothing: whatever was
 * accepted, the stores could hold.
 */
class HostileInputIntegrationTest extends IntegrationTestBase {

    static final String SEED = "20251202";
    static final int RANDOM_TRIES = 300;
    /** Requests in flight at once, as a few clients would send them. */
    static final int CLIENTS = 3;
    static final String REFERENCE_MANAGE = "customersegment.reference_manage";
    /**
     * Lengths of huge strings: just past id and column limits (64, 255), past the text limits (1,000, 10,000), at
     * the 64 KB mixins limit, and large (bodies stay below 2 MB: Tomcat resets the connection of a larger body
     * it answered before reading it all, and the client then sees no answer).
     */
    static final List<Integer> HUGE_LENGTHS = List.of(65, 256, 1_001, 10_001, 65_535, 65_536, 65_537, 300_000,
            500_000);
    /** Lengths the sweep tries in every field: one past each limit. */
    static final List<Integer> SWEPT_HUGE_LENGTHS = List.of(65, 256, 1_001);
    static final int MAX_HUGE = 500_000;
    static final int MAX_KEY_HUGE = 70_000;
    static final int MAX_PATH_HUGE = 2_000;
    /** Path segments sent as they are: dot segments, encoded separators, parameters, CR LF, overlong UTF-8. */
    static final List<String> PATH_SPECIALS = List.of("..", ".", "%2e%2e", "a;x=1", "%2F", "%5C", "%25", "+",
            "search", "bulk", "%0d%0aX-Injected:%201", "%c0%ae", "%ed%a0%80", "%ff");
    /** Marks text that goes into a path as it is, not percent-encoded. */
    static final String RAW = "\u0001raw:";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The kinds of hostile value; text kinds also go into keys and path ids. */
    enum Kind {
        CONTROL(true), SURROGATE(true), TEXT(true), HUGE(true), NUMBER(false), DATE(true), NESTING(false),
        WRONG_TYPE(false), MALFORMED(false);

        final boolean text;

        Kind(boolean text) {
            this.text = text;
        }
    }

    /** A hostile value: the raw JSON text that is sent, and for text kinds the string it decodes to. */
    record Hostile(Kind kind, String json, String text) {

        String describe() {
            String shown = text != null ? text : json;
            StringBuilder out = new StringBuilder(kind.name()).append(' ');
            shown.chars().limit(40).forEach(c -> out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c)
                    : String.valueOf((char) c)));
            return out.append(shown.length() > 40 ? "...(" + shown.length() + " chars)" : "").toString();
        }

        int length() {
            return text != null ? text.length() : json.length();
        }
    }

    /**
     * A write endpoint: method, path with {@code {placeholders}} (defaults in {@link #PATH_DEFAULTS}), a valid
     * body (JSON, {@code {n}} numbered per request) and where hostile input goes: fields (JSON pointers; a missing
     * parent is created), objects that get a hostile key, path placeholders and query parameters.
     */
    record Endpoint(String name, String method, String path, String body, List<String> fields,
                    List<String> keyedObjects, List<String> pathIds, List<String> parameters, boolean localized) {
    }

    private static final Map<String, String> PATH_DEFAULTS = Map.of("seg", "fz", "cust", "c1", "le", "le1",
            "type", "PRODUCT", "item", "p1", "victim", "victim", "cat", "k1", "prod", "p1", "ref", "r1");

    private static final String SEGMENT = """
            {"id":"fz-{n}","name":{"en":"Name","de":"Name"},"description":{"en":"Description"},"siteCode":"main",
             "status":"ACTIVE","validity":{"from":"2024-01-01T00:00:00Z","to":"2030-01-01T00:00:00Z"},
             "mixins":{"loyalty":{"level":3,"tags":["a","b"]}},"metadata":{"mixins":{"loyalty":"https://x/l.json"}}}""";
    private static final List<String> SEGMENT_FIELDS = List.of("/id", "/name", "/name/en", "/description/en",
            "/siteCode", "/status", "/validity", "/validity/from", "/validity/to", "/mixins", "/mixins/loyalty/level",
            "/mixins/loyalty/tags/0", "/metadata", "/metadata/mixins", "/metadata/version");
    private static final String ASSIGNMENT = """
            {"mixins":{"tier":"A","score":1.5},"metadata":{"mixins":{"tier":"https://x/t.json"}}}""";
    private static final List<String> ASSIGNMENT_FIELDS = List.of("/mixins", "/mixins/tier", "/mixins/score",
            "/metadata", "/metadata/mixins", "/metadata/mixins/tier", "/metadata/version");

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST segments", "POST", "/segments", SEGMENT, SEGMENT_FIELDS,
                    List.of("/name", "/mixins", "/metadata/mixins"), List.of(), List.of(), true),
            new Endpoint("PUT segment", "PUT", "/segments/{seg}", SEGMENT.replace("fz-{n}", "fz"), SEGMENT_FIELDS,
                    List.of("/name", "/description", "/mixins/loyalty"), List.of("seg"), List.of(), true),
            new Endpoint("PATCH segment", "PATCH", "/segments/{seg}", """
                    [{"op":"replace","path":"/name/en","value":"Patched"},
                     {"op":"add","path":"/mixins/extra","value":{"n":1}},
                     {"op":"replace","path":"/validity","value":{"from":"2024-01-01T00:00:00Z"}}]""",
                    List.of("/0/op", "/0/path", "/0/value", "/1/path", "/1/value", "/1/value/n", "/2/value",
                            "/2/value/from", "/0"), List.of("/1/value"), List.of("seg"), List.of(), true),
            new Endpoint("DELETE segment", "DELETE", "/segments/{victim}", null, List.of(), List.of(),
                    List.of("victim"), List.of("forceDelete"), false),
            new Endpoint("POST segments/bulk", "POST", "/segments/bulk", "[" + SEGMENT + ","
                    + SEGMENT.replace("fz-{n}", "fz-{n}-b") + "]", prefixed("/1", SEGMENT_FIELDS),
                    List.of("/0/mixins", "/1/name"), List.of(), List.of(), true),
            new Endpoint("PUT segments/bulk", "PUT", "/segments/bulk", "[" + SEGMENT.replace("fz-{n}", "fz") + "]",
                    prefixed("/0", SEGMENT_FIELDS), List.of("/0", "/0/mixins"), List.of(), List.of(), true),
            new Endpoint("DELETE segments/bulk", "DELETE", "/segments/bulk", "[\"victim\",\"missing-{n}\"]",
                    List.of("/0", "/1"), List.of(), List.of(), List.of("forceDelete"), false),
            new Endpoint("PUT customer", "PUT", "/segments/{seg}/customers/{cust}", ASSIGNMENT, ASSIGNMENT_FIELDS,
                    List.of("/mixins", "/metadata/mixins"), List.of("seg", "cust"), List.of(), false),
            new Endpoint("PUT customer for legal entity", "PUT", "/segments/{seg}/customers/{cust}/{le}", ASSIGNMENT,
                    ASSIGNMENT_FIELDS, List.of("/mixins"), List.of("cust", "le"), List.of(), false),
            new Endpoint("DELETE customer", "DELETE", "/segments/{seg}/customers/{cust}", null, List.of(), List.of(),
                    List.of("seg", "cust"), List.of(), false),
            new Endpoint("DELETE customer for legal entity", "DELETE", "/segments/{seg}/customers/{cust}/{le}", null,
                    List.of(), List.of(), List.of("cust", "le"), List.of(), false),
            new Endpoint("PUT customers/bulk", "PUT", "/segments/{seg}/customers/bulk", """
                    [{"customerId":"b-{n}","legalEntityId":"le1","mixins":{"tier":"A"},"metadata":{"version":1}},
                     {"customerId":"c1","mixins":{"n":2}}]""",
                    List.of("/0/customerId", "/0/legalEntityId", "/0/mixins", "/0/mixins/tier", "/0/metadata",
                            "/0/metadata/version", "/1/mixins/n", "/1/metadata/mixins", "/1"),
                    List.of("/0/mixins", "/1"), List.of("seg"), List.of(), false),
            new Endpoint("DELETE customers/bulk", "DELETE", "/segments/{seg}/customers/bulk", """
                    [{"customerId":"gone-{n}"},{"customerId":"gone-{n}","legalEntityId":"le1"}]""",
                    List.of("/0/customerId", "/1/legalEntityId", "/0", "/1"), List.of("/0"), List.of("seg"),
                    List.of(), false),
            new Endpoint("PUT item", "PUT", "/segments/{seg}/items/{type}/{item}", ASSIGNMENT, ASSIGNMENT_FIELDS,
                    List.of("/mixins", "/metadata/mixins"), List.of("seg", "type", "item"), List.of(), false),
            new Endpoint("DELETE item", "DELETE", "/segments/{seg}/items/{type}/{item}", null, List.of(), List.of(),
                    List.of("type", "item"), List.of(), false),
            new Endpoint("PUT items/bulk", "PUT", "/segments/{seg}/items/{type}/bulk", """
                    [{"id":"i-{n}","mixins":{"tier":"A"}},{"id":"p1","metadata":{"version":1,"mixins":{"m":"x"}}}]""",
                    List.of("/0/id", "/0/mixins", "/0/mixins/tier", "/1/metadata", "/1/metadata/version",
                            "/1/metadata/mixins", "/1"), List.of("/0/mixins", "/1"), List.of("type"), List.of(), false),
            new Endpoint("DELETE items/bulk", "DELETE", "/segments/{seg}/items/{type}/bulk", "[\"gone-{n}\",\"x\"]",
                    List.of("/0", "/1"), List.of(), List.of("type"), List.of(), false),
            new Endpoint("PUT reference customer", "PUT", "/reference/customers/{ref}", """
                    {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}""",
                    List.of("/firstName", "/lastName", "/email"), List.of(""), List.of("ref"), List.of(), false),
            new Endpoint("PUT reference legal entity", "PUT", "/reference/legal-entities/{ref}", """
                    {"name":"Analytical Engines Ltd"}""", List.of("/name"), List.of(""), List.of("ref"), List.of(),
                    false),
            new Endpoint("PUT reference category", "PUT", "/reference/categories/{cat}", """
                    {"parentId":"k0","code":"K1","name":{"en":"Tools"},"localizedDescription":{"en":"All tools"},
                     "localizedSlug":{"en":"tools"},"ecn":["e1"],"position":1,"published":true,
                     "validity":{"from":"2024-01-01T00:00:00Z","to":"2030-01-01T00:00:00Z"}}""",
                    List.of("/parentId", "/code", "/name", "/name/en", "/localizedDescription/en", "/localizedSlug",
                            "/ecn", "/ecn/0", "/position", "/published", "/validity", "/validity/from",
                            "/validity/to"), List.of("/name", "/localizedSlug"), List.of("cat"), List.of(), false),
            new Endpoint("PUT reference product", "PUT", "/reference/products/{prod}", """
                    {"code":"P1","name":{"en":"Hammer"}}""", List.of("/code", "/name", "/name/en"), List.of("/name"),
                    List.of("prod"), List.of(), false),
            new Endpoint("PUT reference placement", "PUT", "/reference/categories/{cat}/products/{prod}", null,
                    List.of(), List.of(), List.of("cat", "prod"), List.of(), false),
            new Endpoint("DELETE reference customer", "DELETE", "/reference/customers/{ref}", null, List.of(),
                    List.of(), List.of("ref"), List.of(), false),
            new Endpoint("DELETE reference category", "DELETE", "/reference/categories/{ref}", null, List.of(),
                    List.of(), List.of("ref"), List.of(), false),
            new Endpoint("DELETE reference placement", "DELETE", "/reference/categories/{cat}/products/{ref}", null,
                    List.of(), List.of(), List.of("cat", "ref"), List.of(), false));

    /** One request about to be sent, and what was hostile about it. */
    record Request(Endpoint endpoint, String path, byte[] body, List<String> headers, String hostility) {
    }

    @Test
    void answersNoHostileWriteWithA5xxAndNoProjectionStallsOrParks() throws Exception {
        String tenant = newTenant();
        String prefix = "/customer-segment/" + tenant;
        String token = Tokens.token(tenant, MANAGE + " " + READ + " " + REFERENCE_MANAGE);
        createFixture(new Api(port, token), prefix);

        long generating = System.nanoTime();
        List<Request> requests = generate(prefix);
        double generatedSeconds = seconds(generating);

        long sending = System.nanoTime();
        Outcomes outcomes = new Outcomes();
        List<Future<Api.Response>> answers;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            answers = clients.invokeAll(requests.stream().<Callable<Api.Response>>map(request -> () -> send(request,
                    token)).toList(), 5, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }
        for (int i = 0; i < requests.size(); i++) {
            outcomes.add(requests.get(i), answers.get(i).get());
        }
        double sendingSeconds = seconds(sending);

        long settling = System.nanoTime();
        Operator operator = new Operator(port);
        JsonNode processors = operator.awaitProjectionsCaughtUp(Duration.ofSeconds(30));
        double settledSeconds = seconds(settling);
        long divergences = operator.divergences(tenant);

        Operator.log("hostile input: %,d requests (seed %s: %,d sweeping every target with every kind of value, %,d "
                + "random; generated in %.1f s) sent by %d clients in %.1f s; statuses %s; bulk entries %s; "
                + "5xx or no answer: %d; 4xx without the API's error body: %d; and %,d 400s from Tomcat itself (its "
                + "HTML page, for paths it refuses before the application sees them)", requests.size(), SEED,
                requests.size() - RANDOM_TRIES, RANDOM_TRIES, generatedSeconds, CLIENTS, sendingSeconds,
                outcomes.total(), outcomes.entries, outcomes.serverErrors.size(), outcomes.unexplained.size(),
                outcomes.tomcatRejections);
        outcomes.byEndpoint.forEach((endpoint, byStatus) -> Operator.log("hostile input: %-33s %s", endpoint,
                byStatus));
        Operator.log("hostile input: afterwards lag 0 and parked 0 for %s within %.1f s (%s); consistency check: "
                + "%d divergences", Operator.PROJECTIONS, settledSeconds, processors, divergences);

        assertThat(outcomes.serverErrors).as("requests answered with 5xx or not at all").isEmpty();
        assertThat(outcomes.unexplained).as("4xx answers without the API's error body").isEmpty();
        assertThat(divergences).isZero();
    }

    /** The sweep, then {@value #RANDOM_TRIES} random requests, from the fixed seed. */
    private static List<Request> generate(String prefix) {
        List<Request> requests = new ArrayList<>();
        SWEPT.clear();
        Draft.counter = 0;
        JqwikSession.start(SEED);
        try {
            requests.addAll(sweep(prefix));
            Arbitraries.of(ENDPOINTS).flatMap(endpoint -> anyRequest(endpoint, prefix)).sampleStream()
                    .limit(RANDOM_TRIES).forEach(requests::add);
        } finally {
            JqwikSession.finish();
        }
        return requests;
    }

    /** What the requests were answered, by endpoint and status, and every answer that breaks the contract. */
    private static final class Outcomes {
        final Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        final Map<Integer, Integer> entries = new TreeMap<>();
        final List<String> serverErrors = new ArrayList<>();
        final List<String> unexplained = new ArrayList<>();
        int tomcatRejections;

        void add(Request request, Api.Response response) {
            int status = response.status();
            byEndpoint.computeIfAbsent(request.endpoint().name(), name -> new TreeMap<>()).merge(status, 1,
                    Integer::sum);
            String what = request.endpoint().name() + " with " + request.hostility();
            if (status >= 500 || status < 100) {
                serverErrors.add(status + " for " + what + ": " + abbreviate(response.body()));
            } else if (status == 207) {
                for (JsonNode entry : response.json()) {
                    entries.merge(entry.get("code").asInt(), 1, Integer::sum);
                    if (entry.get("code").asInt() >= 500) {
                        serverErrors.add("entry " + entry + " of " + what);
                    }
                }
            } else if (status >= 400 && rejectedByTomcat(response)) {
                tomcatRejections++;
            } else if (status >= 400 && !explained(response)) {
                unexplained.add(status + " for " + what + ": " + abbreviate(response.body()));
            }
        }

        Map<Integer, Integer> total() {
            Map<Integer, Integer> total = new TreeMap<>();
            byEndpoint.values().forEach(byStatus -> byStatus.forEach((status, count) -> total.merge(status, count,
                    Integer::sum)));
            return total;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** A segment with assignments of every kind and reference data, so writes reach their validation. */
    private static void createFixture(Api api, String prefix) {
        String segments = prefix + "/segments";
        assertThat(api.post(segments, segment("fz", "Fuzzed")).status()).isEqualTo(201);
        assertThat(api.post(segments, segment("victim", "Victim")).status()).isEqualTo(201);
        assertThat(api.put(segments + "/victim/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(segments + "/fz/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(segments + "/fz/customers/c1/le1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(segments + "/fz/items/PRODUCT/p1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(segments + "/fz/items/CATEGORY/k1", Map.of()).status()).isEqualTo(201);
        String reference = prefix + "/reference";
        assertThat(api.put(reference + "/customers/c1", Map.of("firstName", "Ada")).status()).isEqualTo(201);
        assertThat(api.put(reference + "/legal-entities/le1", Map.of("name", "Le")).status()).isEqualTo(201);
        assertThat(api.put(reference + "/categories/k0", Map.of("code", "K0")).status()).isEqualTo(201);
        assertThat(api.put(reference + "/categories/k1", Map.of("parentId", "k0")).status()).isEqualTo(201);
        assertThat(api.put(reference + "/products/p1", Map.of("code", "P1")).status()).isEqualTo(201);
        assertThat(api.put(reference + "/categories/k1/products/p1", null).status()).isEqualTo(201);
    }

    /**
     * Every target of every endpoint with a value of every kind that fits it: the hand-picked values of each kind
     * in turn (so every one of them reaches many targets), and in every field a plain string just past each
     * length limit.
     */
    private static List<Request> sweep(String prefix) {
        List<Request> requests = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (String field : endpoint.fields()) {
                for (Kind kind : Kind.values()) {
                    Hostile value = nextEdgeCase(kind, MAX_HUGE);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.setField(field, value))));
                }
                for (int length : SWEPT_HUGE_LENGTHS) {
                    Hostile value = huge("x", length);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.setField(field, value))));
                }
            }
            for (String object : endpoint.keyedObjects()) {
                for (Kind kind : textKinds()) {
                    Hostile key = nextEdgeCase(kind, MAX_KEY_HUGE);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.addKey(object, key))));
                }
            }
            for (String id : endpoint.pathIds()) {
                for (Kind kind : textKinds()) {
                    Hostile value = nextEdgeCase(kind, MAX_PATH_HUGE);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.setPathId(id, value))));
                }
                for (String special : PATH_SPECIALS) {
                    Hostile value = new Hostile(Kind.TEXT, null, RAW + special);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.setPathId(id, value))));
                }
            }
            for (String parameter : endpoint.parameters()) {
                for (Kind kind : textKinds()) {
                    Hostile value = nextEdgeCase(kind, MAX_PATH_HUGE);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.setParameter(parameter, value))));
                }
            }
            if (endpoint.body() != null) {
                for (Kind kind : List.of(Kind.NESTING, Kind.WRONG_TYPE, Kind.MALFORMED, Kind.NUMBER, Kind.HUGE)) {
                    Hostile value = nextEdgeCase(kind, MAX_HUGE);
                    requests.add(build(endpoint, prefix, List.of(draft -> draft.replaceBody(value))));
                }
                String textField = endpoint.fields().isEmpty() ? null : endpoint.fields().get(0);
                requests.add(sample(invalidUtf8().map(bytes -> build(endpoint, prefix, List.of(
                        draft -> draft.setRawBytes(textField, bytes))))));
            }
            if (endpoint.localized()) {
                requests.add(sample(contentLanguage().map(language -> build(endpoint, prefix, List.of(
                        draft -> draft.setContentLanguage(language))))));
            }
        }
        return requests;
    }

    /** One to three hostile changes to a request of the endpoint, of any kind on any target. */
    private static Arbitrary<Request> anyRequest(Endpoint endpoint, String prefix) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Change>>> changes = new ArrayList<>();
        if (!endpoint.fields().isEmpty()) {
            changes.add(Tuple.of(8, Arbitraries.of(endpoint.fields()).flatMap(field -> anyValue()
                    .map(value -> (Change) draft -> draft.setField(field, value)))));
        }
        if (!endpoint.keyedObjects().isEmpty()) {
            changes.add(Tuple.of(2, Arbitraries.of(endpoint.keyedObjects()).flatMap(object -> anyText()
                    .map(key -> (Change) draft -> draft.addKey(object, key)))));
        }
        if (!endpoint.pathIds().isEmpty()) {
            changes.add(Tuple.of(2, Arbitraries.of(endpoint.pathIds()).flatMap(id -> Arbitraries.of(textKinds())
                    .flatMap(HostileInputIntegrationTest::pathValue).map(value -> (Change) draft -> draft.setPathId(id,
                            value)))));
        }
        if (!endpoint.parameters().isEmpty()) {
            changes.add(Tuple.of(1, Arbitraries.of(endpoint.parameters()).flatMap(parameter -> Arbitraries.of(
                    textKinds()).flatMap(HostileInputIntegrationTest::pathValue).map(value -> (Change) draft ->
                    draft.setParameter(parameter, value)))));
        }
        if (endpoint.body() != null) {
            changes.add(Tuple.of(1, anyValue().map(value -> (Change) draft -> draft.replaceBody(value))));
        }
        if (endpoint.localized()) {
            changes.add(Tuple.of(1, contentLanguage().map(language -> (Change) draft ->
                    draft.setContentLanguage(language))));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Arbitrary<Change> change = (Arbitrary<Change>) (Arbitrary) Arbitraries.frequencyOf(
                changes.toArray(Tuple.Tuple2[]::new));
        return change.list().ofMinSize(1).ofMaxSize(3).map(list -> build(endpoint, prefix, list));
    }

    private static <T> T sample(Arbitrary<T> arbitrary) {
        return arbitrary.sample();
    }

    private static List<Kind> textKinds() {
        return Arrays.stream(Kind.values()).filter(kind -> kind.text).toList();
    }

    private static Arbitrary<Hostile> anyValue() {
        return Arbitraries.of(Kind.values()).flatMap(HostileInputIntegrationTest::value);
    }

    private static Arbitrary<Hostile> anyText() {
        return Arbitraries.of(textKinds()).flatMap(kind -> value(kind, MAX_KEY_HUGE));
    }

    /** The hand-picked hostile values of each kind; the sweep goes through them in turn, target by target. */
    static final Map<Kind, List<Hostile>> EDGE_CASES = Map.of(
            Kind.CONTROL, texts(Kind.CONTROL, "\u0000", "a\u0000b", "\u0000\u0000", "x\u0001", "\u001b[31m", "\r\n",
                    "\t", "\u007f", "\u0085", "\u2028\u2029", "\ufeff", "\ufffe", "\uffff", "a\u0000"),
            Kind.SURROGATE, texts(Kind.SURROGATE, "\ud800", "\udfff", "a\ud800b", "\udc00\ud800", "\ud83d", "x\ude00",
                    "\ud83d\ude42\ud83d"),
            Kind.TEXT, texts(Kind.TEXT, "", " ", "'; drop table segment_view; --", "%00", "\\u0000",
                    "${jndi:ldap://x/a}", "../../etc/passwd", "<script>alert(1)</script>", "\u202egnp.exe", "🙂", "𝔘𝔫𝔦",
                    "ACTIVE ", "active", "null", "{}", "true", "1e400", "bulk", "-", "~"),
            Kind.HUGE, List.of(huge("x", 65), huge("x", 256), huge("x", 1_001), huge("x", 65_537), huge("é", 10_001),
                    huge("🙂", 65_536), huge("\u0000", 300_000), huge("\ud800", 500_000)),
            Kind.NUMBER, raw(Kind.NUMBER, "1e400", "-1e400", "1e-400", "1E+2147483648", "1e-2147483649",
                    "9223372036854775808", "-9223372036854775809", "18446744073709551616", "0." + "0".repeat(500) + "1",
                    "1" + "0".repeat(1_200), "3.14159265358979323846264338327950288419716939937510582097494", "-0",
                    "-0.0", "0e0", "4.9e-324", "1.7976931348623157e308", "2e308", "NaN", "Infinity", "-Infinity",
                    "0x10", "01", "+1", ".5", "1.", "1e", "--1", "1_000"),
            Kind.DATE, texts(Kind.DATE, "+999999-01-01T00:00:00Z", "-999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                    "0000-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z",
                    "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-01:00",
                    "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z",
                    "2024-01-01T24:00:00Z", "2024-01-01T00:00:60Z", "2024-01-01", "2024-01-01T00:00:00",
                    "2024-01-01T00:00:00+25:00", "2024-01-01T00:00:00+18:00", "2024-01-01T00:00:00.123456789Z",
                    "1970-01-01T00:00:00Z", "now", "", "2024-01-01T00:00:00Z\u0000", "2024-01-01T00:00:00.000000001Z"),
            Kind.NESTING, raw(Kind.NESTING, nested("[", 17), nested("{\"a\":", 100), nested("[{\"a\":", 300),
                    nested("[", 500), nested("{\"a\":", 999), nested("[", 1_001), nested("[{\"a\":", 2_000),
                    nested("{\"a\":", 20_000)),
            Kind.WRONG_TYPE, raw(Kind.WRONG_TYPE, "0", "true", "false", "null", "[]", "{}", "\"text\"",
                    "[1,\"a\",null]", "{\"\":{}}", "-1", "1.5", "[[]]", "{\"en\":{}}", "{\"en\":null}", "[\"ACTIVE\"]"),
            Kind.MALFORMED, raw(Kind.MALFORMED, "{", "[", "\"open", "[1,]", "{\"a\" 1}", "'single'", "tru", "nul",
                    "{\"a\":1}}", "/* c */ 1", "1 2", "\"a\u0000b\"", "\"tab\there\"", "{\"a\":1,\"a\":2}",
                    "\"\\x41\"", "\"\\u12\"", "\"\\ud800\\u0041\""));

    private static final Map<Kind, Integer> SWEPT = new java.util.EnumMap<>(Kind.class);

    /** The next hand-picked value of the kind (no longer than {@code maxLength}), in turn. */
    static Hostile nextEdgeCase(Kind kind, int maxLength) {
        List<Hostile> cases = EDGE_CASES.get(kind).stream().filter(value -> value.length() <= maxLength).toList();
        int next = SWEPT.merge(kind, 1, Integer::sum) - 1;
        return cases.get(next % cases.size());
    }

    /** Hostile values of one kind, hand-picked or random, as the JSON text that is sent. */
    static Arbitrary<Hostile> value(Kind kind) {
        return value(kind, MAX_HUGE);
    }

    /** Hostile values of one kind, hand-picked or random; huge ones no longer than {@code maxLength}. */
    static Arbitrary<Hostile> value(Kind kind, int maxLength) {
        Arbitrary<Hostile> edgeCases = Arbitraries.of(EDGE_CASES.get(kind).stream()
                .filter(value -> value.length() <= maxLength).toList());
        return Arbitraries.oneOf(edgeCases, random(kind, maxLength));
    }

    /** Random hostile values of one kind. */
    private static Arbitrary<Hostile> random(Kind kind, int maxLength) {
        return switch (kind) {
            case CONTROL -> text(kind, Arbitraries.strings().withCharRange('\u0000', '\u001f')
                    .withChars('\u007f', 'a', 'z').ofMinLength(1).ofMaxLength(12));
            case SURROGATE -> text(kind, Arbitraries.chars().range('\ud800', '\udfff').flatMap(surrogate ->
                    Arbitraries.strings().alpha().ofMaxLength(5).map(around -> around + surrogate + around)));
            case TEXT -> text(kind, Arbitraries.strings().all().ofMaxLength(30));
            case HUGE -> Arbitraries.of(HUGE_LENGTHS.stream().filter(length -> length <= maxLength).toList())
                    .flatMap(length -> Arbitraries.of("x", "é", "🙂", "\u0000", "\ud800").map(unit -> huge(unit,
                            length)));
            case NUMBER -> Arbitraries.oneOf(
                    Arbitraries.bigIntegers().between(BigInteger.TEN.pow(120).negate(), BigInteger.TEN.pow(120))
                            .map(BigInteger::toString),
                    Arbitraries.longs().map(String::valueOf),
                    Arbitraries.doubles().map(String::valueOf),
                    Arbitraries.integers().between(-2_000, 2_000).map(exponent -> "1.5e" + exponent),
                    Arbitraries.longs().between(Integer.MAX_VALUE - 2L, Integer.MAX_VALUE + 2L)
                            .flatMap(exponent -> Arbitraries.of("1e", "1e-", "-2.5E+").map(mantissa -> mantissa
                                    + exponent)))
                    .map(number -> new Hostile(kind, number, number));
            case DATE -> text(kind, Arbitraries.oneOf(
                    Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                            .map(seconds -> Instant.ofEpochSecond(seconds).toString()),
                    Arbitraries.integers().between(-999_999_999, 999_999_999)
                            .map(year -> String.format("%+d-06-15T12:00:00Z", year))));
            case NESTING -> Arbitraries.integers().between(17, 5_000).flatMap(depth -> Arbitraries.of("[", "{\"a\":",
                    "[{\"a\":").map(open -> new Hostile(kind, nested(open, depth), null)));
            case WRONG_TYPE, MALFORMED -> Arbitraries.of(EDGE_CASES.get(kind));
        };
    }

    /**
     * A huge string of about the given length: of one-, two- or four-byte characters, or ending in a NUL or an
     * unpaired surrogate after a long run of good ones.
     */
    private static Hostile huge(String unit, int length) {
        boolean poison = unit.equals("\u0000") || unit.equals("\ud800");
        String filler = poison ? "y" : unit;
        String text = filler.repeat(Math.max(1, length / filler.length()));
        text = poison ? text.substring(0, text.length() - 1) + unit : text;
        return new Hostile(Kind.HUGE, quote(text), text);
    }

    private static List<Hostile> texts(Kind kind, String... texts) {
        return Arrays.stream(texts).map(text -> new Hostile(kind, quote(text), text)).toList();
    }

    private static List<Hostile> raw(Kind kind, String... json) {
        return Arrays.stream(json).map(value -> new Hostile(kind, value, kind == Kind.NUMBER ? value : null)).toList();
    }

    private static Arbitrary<Hostile> text(Kind kind, Arbitrary<String> texts) {
        return texts.map(text -> new Hostile(kind, quote(text), text));
    }

    /** Text for a path id or a parameter: the text kinds, kept below what a request line can carry. */
    private static Arbitrary<Hostile> pathValue(Kind kind) {
        Arbitrary<Hostile> values = value(kind, MAX_PATH_HUGE);
        if (kind == Kind.TEXT) {
            return Arbitraries.oneOf(values, Arbitraries.of(PATH_SPECIALS).map(raw -> new Hostile(kind, null,
                    RAW + raw)));
        }
        return values;
    }

    private static Arbitrary<String> contentLanguage() {
        return Arbitraries.of("en, de", "*", "x".repeat(300), "1", "en_US", "zh-Hant-TW-x-aaaaaaaaa", "a".repeat(9),
                "", "en-", "-", "de;q=0.5", "EN");
    }

    private static Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.of(new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
                new byte[] {0x00}, new byte[] {'a', 0x0a, 'b'});
    }

    /** One hostile change to a request under construction. */
    private interface Change {
        void apply(Draft draft);
    }

    private static Request build(Endpoint endpoint, String prefix, List<? extends Change> changes) {
        Draft draft = new Draft(endpoint);
        changes.forEach(change -> change.apply(draft));
        return draft.request(prefix);
    }

    /** A request being made hostile: its body tree with markers for raw JSON, path ids, parameters, headers. */
    private static final class Draft {
        private static int counter;
        private int markers;

        final Endpoint endpoint;
        final int n = ++counter;
        JsonNode body;
        String rawBody;
        String rawBytesField;
        byte[] rawBytes;
        final Map<String, String> fragments = new LinkedHashMap<>();
        final Map<String, String> pathIds = new LinkedHashMap<>(PATH_DEFAULTS);
        final Map<String, String> parameters = new LinkedHashMap<>();
        final List<String> headers = new ArrayList<>();
        final List<String> described = new ArrayList<>();

        Draft(Endpoint endpoint) {
            this.endpoint = endpoint;
            try {
                body = endpoint.body() == null ? null : JSON.readTree(endpoint.body().replace("{n}", String.valueOf(n)));
            } catch (IOException e) {
                throw new IllegalStateException(endpoint.body(), e);
            }
            if (endpoint.parameters().contains("forceDelete")) {
                parameters.put("forceDelete", "true");
            }
        }

        void setField(String pointer, Hostile value) {
            if (body == null) {
                return;
            }
            String marker = marker();
            fragments.put(marker, value.json());
            put(pointer, TextNode.valueOf(marker));
            described.add(pointer + " = " + value.describe());
        }

        void addKey(String pointer, Hostile key) {
            if (body == null) {
                return;
            }
            JsonNode target = pointer.isEmpty() ? body : body.at(pointer);
            if (!target.isObject()) {
                return;
            }
            String marker = marker();
            fragments.put(marker, key.json());
            ((ObjectNode) target).put(marker, "value");
            described.add("key in " + (pointer.isEmpty() ? "body" : pointer) + " = " + key.describe());
        }

        void replaceBody(Hostile value) {
            rawBody = value.json();
            described.add("body = " + value.describe());
        }

        void setRawBytes(String pointer, byte[] bytes) {
            if (pointer == null || body == null) {
                return;
            }
            rawBytesField = marker();
            rawBytes = bytes;
            put(pointer, TextNode.valueOf(rawBytesField));
            described.add(pointer + " = bytes " + IntStream.range(0, bytes.length)
                    .mapToObj(i -> String.format("%02x", bytes[i] & 0xff)).collect(Collectors.joining(" ")));
        }

        void setPathId(String id, Hostile value) {
            pathIds.put(id, encodePath(value.text()));
            described.add("path {" + id + "} = " + value.describe());
        }

        void setParameter(String parameter, Hostile value) {
            parameters.put(parameter, encodePath(value.text()));
            described.add("?" + parameter + "= " + value.describe());
        }

        void setContentLanguage(String language) {
            headers.add("Content-Language");
            headers.add(language);
            if (body != null && body.isObject() && body.has("name")) {
                ((ObjectNode) body).put("name", "Plain name");
            }
            described.add("Content-Language: " + language);
        }

        private String marker() {
            return "@@hostile" + ++markers + "@@";
        }

        /** Sets the value at the pointer, creating missing parent objects. */
        private void put(String pointer, JsonNode value) {
            JsonPointer path = JsonPointer.compile(pointer);
            JsonNode parent = body;
            JsonPointer rest = path;
            while (rest.tail() != null && !rest.tail().matches()) {
                String step = rest.getMatchingProperty();
                JsonNode child = parent.isArray() ? parent.get(rest.getMatchingIndex()) : parent.get(step);
                if (child == null || !(child.isContainerNode())) {
                    if (!parent.isObject()) {
                        return;
                    }
                    child = ((ObjectNode) parent).putObject(step);
                }
                parent = child;
                rest = rest.tail();
            }
            if (parent.isArray() && rest.getMatchingIndex() >= 0 && rest.getMatchingIndex() < parent.size()) {
                ((ArrayNode) parent).set(rest.getMatchingIndex(), value);
            } else if (parent.isObject()) {
                ((ObjectNode) parent).set(rest.getMatchingProperty(), value);
            }
        }

        Request request(String prefix) {
            String path = endpoint.path();
            for (Map.Entry<String, String> id : pathIds.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            if (!parameters.isEmpty()) {
                path += parameters.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                        .collect(Collectors.joining("&", "?", ""));
            }
            byte[] bytes = null;
            if (rawBody != null) {
                bytes = rawBody.getBytes(StandardCharsets.UTF_8);
            } else if (body != null) {
                String json = body.toString();
                for (Map.Entry<String, String> fragment : fragments.entrySet()) {
                    json = json.replace("\"" + fragment.getKey() + "\"", fragment.getValue());
                }
                bytes = json.getBytes(StandardCharsets.UTF_8);
                if (rawBytesField != null) {
                    bytes = splice(json, rawBytesField, rawBytes);
                }
            }
            return new Request(endpoint, prefix + path, bytes, List.copyOf(headers),
                    described.isEmpty() ? "its valid body" : String.join("; ", described));
        }
    }

    /** The JSON's UTF-8 bytes with the marker string's content replaced by raw bytes. */
    private static byte[] splice(String json, String marker, byte[] raw) {
        int at = json.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Sends the request as it is, bytes and all; a request that got no answer has status -1. */
    private Api.Response send(Request request, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        for (int i = 0; i < request.headers().size(); i += 2) {
            builder.header(request.headers().get(i), request.headers().get(i + 1));
        }
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(request.endpoint().method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            return new Api.Response(-1, "no answer: " + e, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tomcat's own 400 page: Tomcat refuses some paths (an encoded NUL, '/' or '\\', bytes that are not UTF-8)
     * before any filter of the application runs.
     */
    private static boolean rejectedByTomcat(Api.Response response) {
        return response.status() == 400 && response.body().startsWith("<!doctype html>")
                && response.body().contains("HTTP Status 400");
    }

    /** Whether an error answer carries the API's error body (or the gateway's fault body for 401). */
    private static boolean explained(Api.Response response) {
        try {
            JsonNode body = response.json();
            return body.path("code").asInt() == response.status() && !body.path("message").asText().isBlank()
                    || response.status() == 401 && body.has("fault");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** JSON text for a string: quotes, backslashes, control characters and every surrogate escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * A path segment or parameter value: every byte outside the unreserved characters percent-encoded (an
     * unpaired surrogate as the three bytes it would take in UTF-8, which no UTF-8 decoder accepts); text
     * marked raw is sent as is.
     */
    static String encodePath(String text) {
        if (text.startsWith(RAW)) {
            return text.substring(RAW.length());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80 && (Character.isLetterOrDigit(codePoint) || "-._~".indexOf(codePoint) >= 0)) {
                out.append((char) codePoint);
                continue;
            }
            for (byte b : utf8(codePoint)) {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] utf8(int codePoint) {
        if (codePoint < 0x80) {
            return new byte[] {(byte) codePoint};
        }
        if (codePoint < 0x800) {
            return new byte[] {(byte) (0xc0 | codePoint >> 6), (byte) (0x80 | codePoint & 0x3f)};
        }
        if (codePoint < 0x10000) {
            return new byte[] {(byte) (0xe0 | codePoint >> 12), (byte) (0x80 | codePoint >> 6 & 0x3f),
                    (byte) (0x80 | codePoint & 0x3f)};
        }
        return new byte[] {(byte) (0xf0 | codePoint >> 18), (byte) (0x80 | codePoint >> 12 & 0x3f),
                (byte) (0x80 | codePoint >> 6 & 0x3f), (byte) (0x80 | codePoint & 0x3f)};
    }

    private static String nested(String open, int depth) {
        String close = open.equals("[") ? "]" : open.equals("{\"a\":") ? "}" : "}]";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private static List<String> prefixed(String prefix, List<String> pointers) {
        return pointers.stream().map(pointer -> prefix + pointer).toList();
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
