package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a client gets when the database cannot serve a write within the service's bounds: 503 with
 * {@code Retry-After}, in the API's error format, and nothing of the request applied.
 */
class DatabaseFailureIntegrationTest extends IntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void answersAWriteWhoseLockWaitPassesItsBoundWith503AndAppliesNothing() throws Exception {
        String tenant = newTenant();
        Api api = api(tenant, MANAGE + " " + READ);
        String base = "/customer-segment/" + tenant + "/segments";
        assertThat(api.post(base, segment("locked", "Locked")).status()).isEqualTo(201);

        try (Connection other = DriverManager.getConnection(TestDatabase.shared(), TestDatabase.user(),
                TestDatabase.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select 1 from segment_registry "
                    + "where tenant = ? and segment_id = ? for update")) {
                lock.setString(1, tenant);
                lock.setString(2, "locked");
                lock.executeQuery().close();
            }
            Api.Response refused = api.put(base + "/locked/customers/c1", Map.of());
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().get("code").asInt()).isEqualTo(503);
            assertThat(refused.json().get("message").asText()).contains("nothing was changed");
            other.rollback();
        }
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like ?",
                Long.class, tenant + ":locked:%")).isZero();
        assertThat(api.put(base + "/locked/customers/c1", Map.of()).status()).isEqualTo(201);
    }
}
