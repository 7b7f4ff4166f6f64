package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the reference API ({@code customer-segment-api.yml}): every reference
 * operation exists with its path, method and scopes, and the schemas use the reference's property names. The
 * expectations are written out here, taken from the reference, so that a change of either side shows up.
 */
class OpenApiContractIntegrationTest extends IntegrationTestBase {

    private static final String BASE = "/customer-segment/{tenant}/segments";

    /** Every operation of the reference, with the scopes it names (without the customersegment. prefix). */
    private static final Map<String, String> REFERENCE_OPERATIONS = new LinkedHashMap<>();

    static {
        reference("POST", "", "segment_manage");
        reference("GET", "", "segment_read segment_read_own");
        reference("POST", "/search", "segment_read segment_read_own");
        reference("GET", "/{segmentId}", "segment_read segment_read_own");
        reference("PUT", "/{segmentId}", "segment_manage");
        reference("PATCH", "/{segmentId}", "segment_manage");
        reference("DELETE", "/{segmentId}", "segment_manage");
        reference("POST", "/bulk", "segment_manage");
        reference("PUT", "/bulk", "segment_manage");
        reference("DELETE", "/bulk", "segment_manage");
        reference("POST", "/match", "segment_manage");
        reference("GET", "/{segmentId}/customers", "segment_read segment_read_own");
        reference("POST", "/{segmentId}/customers/search", "segment_read");
        reference("GET", "/{segmentId}/customers/{customerId}", "segment_read");
        reference("PUT", "/{segmentId}/customers/{customerId}", "segment_manage");
        reference("DELETE", "/{segmentId}/customers/{customerId}", "segment_manage");
        reference("GET", "/{segmentId}/customers/{customerId}/{legalEntityId}", "segment_read");
        reference("PUT", "/{segmentId}/customers/{customerId}/{legalEntityId}", "segment_manage");
        reference("DELETE", "/{segmentId}/customers/{customerId}/{legalEntityId}", "segment_manage");
        reference("PUT", "/{segmentId}/customers/bulk", "segment_manage");
        reference("DELETE", "/{segmentId}/customers/bulk", "segment_manage");
        reference("GET", "/items/category-trees", "segment_read_own");
        reference("GET", "/items", "segment_read segment_read_own");
        reference("GET", "/{segmentId}/items", "segment_read segment_read_own");
        reference("POST", "/{segmentId}/items/search", "segment_read segment_read_own");
        reference("GET", "/{segmentId}/items/{type}/{itemId}", "segment_read segment_read_own");
        reference("PUT", "/{segmentId}/items/{type}/{itemId}", "segment_manage");
        reference("DELETE", "/{segmentId}/items/{type}/{itemId}", "segment_manage");
        reference("PUT", "/{segmentId}/items/{type}/bulk", "segment_manage");
        reference("DELETE", "/{segmentId}/items/{type}/bulk", "segment_manage");
    }

    /** Our schema, and the property names of the reference schema it stands for. */
    private static final Map<String, String> REFERENCE_PROPERTIES = Map.ofEntries(
            Map.entry("SegmentRequest", "description id metadata mixins name siteCode status validity"),
            Map.entry("SegmentResponse", "description id metadata mixins name siteCode status validity"),
            Map.entry("SegmentsSearch", "q"),
            Map.entry("Match", "items segmentIds site"),
            Map.entry("MatchItem", "id"),
            Map.entry("AssignmentUpsert", "metadata mixins"),
            Map.entry("CustomerAssignmentBulkEntry", "customerId legalEntityId metadata mixins"),
            Map.entry("CustomerAssignmentResponse", "assignmentType customer legalEntity metadata mixins"),
            Map.entry("ItemAssignmentBulkEntry", "id metadata mixins"),
            Map.entry("ItemAssignmentResponse", "item metadata mixins segmentId type"),
            Map.entry("Category", "code ecn id isSegmentAssigned localizedDescription localizedSlug name position "
                    + "published subcategories validity"),
            Map.entry("MetadataUpdate", "mixins version"),
            Map.entry("ResourceMetadata", "createdAt mixins modifiedAt version"),
            Map.entry("PatchOperation", "op path value"),
            Map.entry("BulkEntryResult", "code id index message status"),
            Map.entry("CustomerReference", "email firstName id lastName"),
            Map.entry("LegalEntityReference", "id name"));

    /** Properties we have beyond the reference, each for a documented reason. */
    private static final Map<String, String> EXTENSIONS = Map.of(
            // the reference's example names the site siteCode; both are accepted
            "Match", "siteCode",
            // categories of the trees say where they hang, for clients that rebuild the tree
            "Category", "parentId");

    private JsonNode document;

    private static void reference(String method, String path, String scopes) {
        REFERENCE_OPERATIONS.put(method + " " + BASE + path, scopes);
    }

    @BeforeEach
    void fetchDocument() throws IOException {
        Api.Response response = new Api(port, null).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
        Files.writeString(Path.of("target", "openapi.json"), document.toPrettyString());
    }

    @Test
    void namesTheApiAndItsVersion() {
        assertThat(document.at("/openapi").asText()).startsWith("3.0");
        assertThat(document.at("/info/title").asText()).isEqualTo("Customer Segment Service");
        assertThat(document.at("/info/version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void offersEveryOperationOfTheReferenceWithItsScopes() {
        List<String> missing = new ArrayList<>();
        REFERENCE_OPERATIONS.forEach((operation, scopes) -> {
            String[] parts = operation.split(" ");
            JsonNode served = document.path("paths").path(parts[1]).path(parts[0].toLowerCase());
            if (served.isMissingNode()) {
                missing.add(operation);
                return;
            }
            assertThat(served.path("summary").asText()).as(operation + " summary").isNotBlank();
            assertThat(scopesOf(served)).as(operation + " scopes")
                    .isEqualTo(new TreeSet<>(Arrays.stream(scopes.split(" ")).map(s -> "customersegment." + s)
                            .toList()));
        });
        assertThat(missing).as("reference operations the service does not serve").isEmpty();
    }

    @Test
    void everyOperationHasASummaryScopesAndErrorBodies() {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            JsonNode served = operation.getValue();
            assertThat(served.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(scopesOf(served)).as(name + " scopes").isNotEmpty();
            assertThat(served.at("/responses/401/content/application~1json/schema/$ref").asText()).as(name)
                    .isEqualTo("#/components/schemas/Fault");
            assertThat(served.at("/responses/default/content/application~1json/schema/$ref").asText()).as(name)
                    .isEqualTo("#/components/schemas/Error");
            served.path("parameters").forEach(parameter -> assertThat(parameter.path("name").asText())
                    .as(name + " parameters").isNotIn("tokenValue", "issuedAt", "expiresAt"));
        }));
    }

    @Test
    void parametersHaveTheirRealTypes() {
        JsonNode parameters = document.at("/paths/" + pointer(BASE) + "/get/parameters");
        Map<String, String> types = new LinkedHashMap<>();
        parameters.forEach(parameter -> types.put(parameter.path("name").asText(),
                parameter.at("/schema/type").asText()));
        assertThat(types).containsEntry("pageSize", "integer").containsEntry("pageNumber", "integer")
                .containsEntry("q", "string").containsEntry("sort", "string").containsEntry("X-Total-Count", "boolean");
    }

    @Test
    void usesThePropertyNamesOfTheReference() {
        JsonNode schemas = document.at("/components/schemas");
        REFERENCE_PROPERTIES.forEach((schema, names) -> {
            Set<String> expected = new TreeSet<>(Arrays.asList(names.split(" ")));
            if (EXTENSIONS.containsKey(schema)) {
                expected.addAll(Arrays.asList(EXTENSIONS.get(schema).split(" ")));
            }
            Set<String> served = new TreeSet<>();
            schemas.path(schema).path("properties").fieldNames().forEachRemaining(served::add);
            assertThat(served).as(schema).isEqualTo(expected);
        });
    }

    @Test
    void describesBothErrorBodies() {
        assertThat(document.at("/components/schemas/Error/properties").has("message")).isTrue();
        assertThat(document.at("/components/schemas/Fault/properties/fault/properties").has("faultstring")).isTrue();
    }

    @Test
    void publishesTheTokenSchemes() {
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/bearerAuth/bearerFormat").asText()).isEqualTo("JWT");
        JsonNode scopes = document.at("/components/securitySchemes/OAuth2/flows/clientCredentials/scopes");
        assertThat(scopes.has("customersegment.segment_manage")).isTrue();
        assertThat(scopes.has("customersegment.segment_read_own")).isTrue();
    }

    @Test
    void localizedTextIsEitherAMapOrAPlainText() {
        JsonNode forms = document.at("/components/schemas/LocalizedText/oneOf");
        assertThat(forms).hasSize(2);
        assertThat(forms.get(0).path("type").asText()).isEqualTo("object");
        assertThat(forms.get(0).at("/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(forms.get(1).path("type").asText()).isEqualTo("string");
    }

    private static Set<String> scopesOf(JsonNode operation) {
        Set<String> scopes = new TreeSet<>();
        operation.path("security").forEach(requirement -> requirement.path("OAuth2")
                .forEach(scope -> scopes.add(scope.asText())));
        return scopes;
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
