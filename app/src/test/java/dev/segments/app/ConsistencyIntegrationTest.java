package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.app.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operators' consistency check finds divergences planted in each projection (a wrong version, a missing
 * row, a left-over row, a wrong record of a segment's generation) and repairs them by re-projecting the
 * streams, after which the API shows the right state again.
 */
class ConsistencyIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void findsDivergencesPlantedInTheViewsAndRepairsThem() {
        String tenant = newTenant();
        String base = "/customer-segment/" + tenant + "/segments";
        Api api = api(tenant, MANAGE + " " + READ);
        Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        assertThat(api.post(base, segment("s1", "One")).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1", Map.of("name", Map.of("en", "One again"), "siteCode", "main")).status())
                .isEqualTo(204);
        assertThat(api.put(base + "/s1/customers/c1", Map.of()).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/customers/c2/le1", Map.of("mixins", Map.of("n", 1))).status()).isEqualTo(201);
        assertThat(api.put(base + "/s1/items/PRODUCT/p1", Map.of()).status()).isEqualTo(201);
        assertThat(api.post(base, segment("s2", "Two")).status()).isEqualTo(201);
        assertThat(api.put(base + "/s2/items/CATEGORY/k1", Map.of()).status()).isEqualTo(201);
        assertThat(api.delete(base + "/s2?forceDelete=true").status()).isEqualTo(204);
        assertThat(api.post(base, segment("s2", "Two again")).status()).isEqualTo(201);
        assertThat(api.put(base + "/s2/items/CATEGORY/k2", Map.of()).status()).isEqualTo(201);

        JsonNode clean = check(operator, tenant, false);
        assertThat(clean.get("divergenceCount").asInt()).isZero();
        assertThat(clean.at("/checked/segment-projection").asInt()).isEqualTo(2);
        // two assignments and the segment's life, per assignment projection and segment
        assertThat(clean.at("/checked/customer-assignment-projection").asInt()).isEqualTo(4);
        assertThat(clean.at("/checked/item-assignment-projection").asInt()).isEqualTo(4);

        jdbc.update("update segment_view set version = 99 where tenant = ? and id = 's1'", tenant);
        jdbc.update("delete from customer_assignment_view where tenant = ? and customer_id = 'c1'", tenant);
        jdbc.update("insert into item_assignment_view (tenant, segment_id, item_type, item_id, version, created_at, "
                + "modified_at) values (?, 's1', 'PRODUCT', 'ghost', 1, now(), now())", tenant);
        jdbc.update("update projection_segment_life set generation = 7 where processor = 'item-assignment-projection' "
                + "and tenant = ? and segment_id = 's2'", tenant);

        JsonNode found = check(operator, tenant, false);
        assertThat(found.get("divergenceCount").asInt()).isEqualTo(4);
        assertThat(divergences(found)).containsExactlyInAnyOrder(
                "segment-projection s1 segment 2 99",
                "customer-assignment-projection s1 customer:c1 1 null",
                "item-assignment-projection s1 item:PRODUCT:ghost null 1",
                "item-assignment-projection s2 life 2 7");
        assertThat(found.get("repaired").asInt()).isZero();

        JsonNode repaired = check(operator, tenant, true);
        assertThat(repaired.get("repaired").asInt()).isEqualTo(4);
        assertThat(check(operator, tenant, false).get("divergenceCount").asInt()).isZero();
        assertThat(api.get(base + "/s1").json().at("/metadata/version").asInt()).isEqualTo(2);
        assertThat(api.get(base + "/s1/customers/c1").status()).isEqualTo(200);
        assertThat(api.get(base + "/s1/items/PRODUCT/ghost").status()).isEqualTo(404);
        assertThat(Json.texts(api.get(base + "/s2/items").json(), "/item/id")).containsExactly("k2");

        assertThat(api.post("/actuator/consistency", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void verifyCommandReportsDivergencesAndRepairsThem() {
        String tenant = newTenant();
        Api api = api(tenant, MANAGE + " " + READ);
        assertThat(api.post("/customer-segment/" + tenant + "/segments", segment("v1", "V")).status()).isEqualTo(201);
        jdbc.update("update segment_view set version = 5 where tenant = ?", tenant);
        String url = "--url=http://127.0.0.1:" + port;

        ByteArrayOutputStream found = new ByteArrayOutputStream();
        assertThat(Commands.run(new String[] {"verify", url, "--tenant=" + tenant}, new PrintStream(found, true,
                StandardCharsets.UTF_8))).hasValue(1);
        assertThat(found.toString(StandardCharsets.UTF_8)).contains("1 divergence(s)",
                "segment-projection " + tenant + "/v1 segment: expected version 1, found 5");

        ByteArrayOutputStream repaired = new ByteArrayOutputStream();
        assertThat(Commands.run(new String[] {"verify", url, "--tenant=" + tenant, "--repair"}, new PrintStream(
                repaired, true, StandardCharsets.UTF_8))).hasValue(0);
        assertThat(repaired.toString(StandardCharsets.UTF_8)).contains("Repaired 1.");
        assertThat(api.get("/customer-segment/" + tenant + "/segments/v1").json().at("/metadata/version").asInt())
                .isEqualTo(1);
        assertThat(Commands.run(new String[] {"verify", "--url=http://127.0.0.1:1"}, new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).hasValue(2);
    }

    private static JsonNode check(Api operator, String tenant, boolean repair) {
        Api.Response response = operator.post("/actuator/consistency", Map.of("tenant", tenant, "repair", repair));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> divergences(JsonNode report) {
        List<String> found = new ArrayList<>();
        report.get("divergences").forEach(d -> found.add(d.get("projection").asText() + " "
                + d.get("segmentId").asText() + " " + d.get("key").asText() + " " + d.path("expectedVersion").asText("null")
                + " " + d.path("actualVersion").asText("null")));
        return found;
    }
}
