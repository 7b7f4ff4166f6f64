package dev.segments.app;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service (both roles) on a random port against this run's fresh PostgreSQL database, with
 * metrics export on as in production. Tests isolate their data by tenant: each test gets a new tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
abstract class IntegrationTestBase {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::shared);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
        // short enough that the tests of the bound do not wait long, long enough for the race tests' queues
        registry.add("segments.db.lock-timeout", () -> "2s");
        // every test JVM together stays far below a stock PostgreSQL's 100 connections
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> TestDatabase.POOL_SIZE);
    }

    /** No test's timing includes loading the served OpenAPI document its exchanges are checked against. */
    @BeforeEach
    void prepareOpenApiContract() {
        OpenApiContract.prepare(port);
    }

    static String newTenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    }

    Api api(String tenant, String scope) {
        return new Api(port, Tokens.token(tenant, scope));
    }

    static Map<String, Object> segment(String id, String name) {
        return Map.of("id", id, "name", Map.of("en", name), "siteCode", "main", "status", "ACTIVE");
    }

    /** A segment body with a status, site and validity window (either end may be null). */
    static Map<String, Object> segment(String id, String status, String site, Instant from, Instant to) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "name", Map.of("en", id), "siteCode", site,
                "status", status));
        Map<String, Object> validity = new HashMap<>();
        if (from != null) {
            validity.put("from", from.toString());
        }
        if (to != null) {
            validity.put("to", to.toString());
        }
        if (!validity.isEmpty()) {
            body.put("validity", validity);
        }
        return body;
    }
}
