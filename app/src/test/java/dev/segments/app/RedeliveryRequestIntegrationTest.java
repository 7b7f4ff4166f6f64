package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-delivery requests are checked before anything runs (400 with the error body), and a service without a broker
 * (publishing parked) answers 409: there is nothing to re-deliver to.
 */
class RedeliveryRequestIntegrationTest extends IntegrationTestBase {

    @Test
    void refusesInvalidRequestsAndAnswersConflictWithoutABroker() {
        Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of()), "Exactly one of");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("from", "2026-01-01T00:00:00Z",
                "fromPosition", 3)), "Exactly one of");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("from", "yesterday")), "'from'");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("from", "2026-01-01T00:00:00Z",
                "to", "2026-13-01T00:00:00Z")), "'to'");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("from", "2026-01-02T00:00:00Z",
                "to", "2026-01-01T00:00:00Z")), "'to' must not be before");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("fromPosition", -1)), "'fromPosition'");
        assertBadRequest(operator.post("/actuator/redeliveries", Map.of("fromPosition", 0, "tenant", "Bad Tenant")),
                "'tenant'");
        Api.Response parked = operator.post("/actuator/redeliveries", Map.of("fromPosition", 0));
        assertThat(parked.status()).as(parked.toString()).isEqualTo(409);
        assertThat(parked.json().get("message").asText()).contains("No Kafka broker is configured");
        assertThat(operator.get("/actuator/redeliveries/anything").status()).isEqualTo(404);
    }

    private static void assertBadRequest(Api.Response response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asInt()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains(message);
    }
}
