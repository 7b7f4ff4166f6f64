package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.query.Projections;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the fault-injection tests ask a node as an operator would (token with scope
 * {@code customersegment.admin}): the projections' state from {@code /actuator/health} and the consistency
 * check; and how they log their figures ({@code [fault] ...} lines on standard output).
 */
final class Operator {

    static final List<String> PROJECTIONS = Projections.ALL;

    private final Api api;

    Operator(int port) {
        this.api = new Api(port, Tokens.token("ops", Tokens.ADMIN));
    }

    /**
     * Waits until every projection has processed every stored event and parked none (lag 0, parked 0 in the
     * health details), and answers the processors' details as last seen.
     */
    JsonNode awaitProjectionsCaughtUp(Duration atMost) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Api.Response health = api.get("/actuator/health");
            JsonNode processors = health.json().at("/components/eventProcessors/details");
            last.set(processors);
            for (String projection : PROJECTIONS) {
                assertThat(processors.at("/" + projection + "/lag").asLong(-1)).as(projection + " lag in " + processors)
                        .isZero();
                assertThat(processors.at("/" + projection + "/parked").asLong(-1))
                        .as(projection + " parked in " + processors).isZero();
            }
        });
        return last.get();
    }

    /** The consistency check of one tenant (without repair). */
    JsonNode consistency(String tenant) {
        Api.Response response = api.post("/actuator/consistency", Map.of("tenant", tenant, "repair", false));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** The number of divergences the consistency check finds for one tenant, asserting the report is well formed. */
    long divergences(String tenant) {
        JsonNode report = consistency(tenant);
        assertThat(report.has("divergenceCount")).as(report.toString()).isTrue();
        return report.get("divergenceCount").asLong();
    }

    Api api() {
        return api;
    }

    /** Logs one figure line of a fault test, numbers with thousands separators. */
    static void log(String format, Object... arguments) {
        System.out.println("[fault] " + String.format(Locale.US, format, arguments));
    }
}
