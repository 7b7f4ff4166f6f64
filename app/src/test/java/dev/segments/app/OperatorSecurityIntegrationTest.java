package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operator endpoint under {@code /actuator} answers 401 without a token and 403 without scope
 * {@code customersegment.admin} (whatever else the token holds); {@code health} and {@code prometheus} stay
 * open, but health shows its details (disk path, processor positions, components) to admin tokens only.
 */
class OperatorSecurityIntegrationTest extends IntegrationTestBase {

    private record Call(String method, String path, Object body) {
    }

    private static final List<Call> OPERATOR_CALLS = List.of(
            new Call("GET", "/actuator/deadletters", null),
            new Call("POST", "/actuator/deadletters/segment-projection", Map.of("action", "retry")),
            new Call("POST", "/actuator/consistency", Map.of()),
            new Call("GET", "/actuator/projections", null),
            new Call("GET", "/actuator/projections/segment-projection", null),
            new Call("POST", "/actuator/projections/segment-projection", Map.of("action", "rebuild")),
            new Call("POST", "/actuator/redeliveries", Map.of("fromPosition", 0)),
            new Call("GET", "/actuator/redeliveries/some-id", null),
            new Call("GET", "/actuator", null));

    @Test
    void refusesOperatorEndpointsWithoutATokenOrWithoutTheAdminScope() {
        Api anonymous = new Api(port, null).outsideContract();
        Api manager = new Api(port, Tokens.token("ops", MANAGE + " " + READ + " customersegment.reference_manage"))
                .outsideContract();
        for (Call call : OPERATOR_CALLS) {
            Api.Response unauthenticated = anonymous.send(call.method(), call.path(), call.body());
            assertThat(unauthenticated.status()).as(call + " " + unauthenticated).isEqualTo(401);
            assertThat(unauthenticated.json().at("/fault/faultstring").asText()).as(call.toString()).isNotBlank();
            Api.Response forbidden = manager.send(call.method(), call.path(), call.body());
            assertThat(forbidden.status()).as(call + " " + forbidden).isEqualTo(403);
            assertThat(forbidden.json().get("code").asInt()).isEqualTo(403);
        }
        Api.Response expired = new Api(port, "not.a.token").outsideContract().get("/actuator/projections");
        assertThat(expired.status()).isEqualTo(401);
        Api admin = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        assertThat(admin.get("/actuator/projections").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/deadletters").status()).isEqualTo(200);
    }

    @Test
    void showsHealthDetailsToAdminTokensOnly() {
        Api.Response anonymous = new Api(port, null).get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        JsonNode open = anonymous.json();
        assertThat(open.get("status").asText()).isEqualTo("UP");
        assertThat(open.has("components")).as(open.toString()).isFalse();
        assertThat(open.has("details")).as(open.toString()).isFalse();
        assertThat(anonymous.body()).doesNotContain("path", "position", "eventProcessors", "diskSpace");
        // a component by name shows its status alone too
        Api.Response disk = new Api(port, null).outsideContract().get("/actuator/health/diskSpace");
        assertThat(disk.body()).doesNotContain("path", "free", "total");
        Api.Response manager = new Api(port, Tokens.token("ops", MANAGE)).get("/actuator/health");
        assertThat(manager.json().has("components")).isFalse();

        JsonNode full = new Api(port, Tokens.token("ops", Tokens.ADMIN)).get("/actuator/health").json();
        assertThat(full.at("/components/diskSpace/details/path").isMissingNode()).as(full.toString()).isFalse();
        assertThat(full.at("/components/eventProcessors/details/segment-projection/position").isMissingNode())
                .as(full.toString()).isFalse();
        assertThat(new Api(port, null).get("/actuator/prometheus").status()).isEqualTo(200);
    }
}
