package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bulk request whose entries are written one command each, when the database fails one entry after earlier
 * entries were written: the answer is a 207 that says which entries were applied, the failed one and the ones
 * after it 503 (a 503 for the whole request would say that nothing was changed, and invite sending it all again).
 */
class BulkDatabaseFailureIntegrationTest extends IntegrationTestBase {

    @Test
    void reportsTheEntriesItAppliedWhenALaterEntryFailsOnTheDatabase() throws Exception {
        String tenant = newTenant();
        Api api = api(tenant, MANAGE + " " + READ);
        String base = "/customer-segment/" + tenant + "/segments";
        for (String id : List.of("b1", "b2", "b3", "b4")) {
            assertThat(api.post(base, segment(id, id)).status()).isEqualTo(201);
        }

        Api.Response response;
        try (Connection other = DriverManager.getConnection(TestDatabase.shared(), TestDatabase.user(),
                TestDatabase.password())) {
            other.setAutoCommit(false);
            // the third entry's delete waits for this lock past the service's lock timeout
            try (PreparedStatement lock = other.prepareStatement("select 1 from segment_registry "
                    + "where tenant = ? and segment_id = 'b3' for update")) {
                lock.setString(1, tenant);
                lock.executeQuery().close();
            }
            response = api.delete(base + "/bulk", List.of("b1", "b2", "b3", "b4"));
            other.rollback();
        }
        // the held lock's transaction also held the projections back (they read no event of a younger transaction)
        new Operator(port).awaitProjectionsCaughtUp(Duration.ofSeconds(30));
        List<Boolean> deleted = List.of("b1", "b2", "b3", "b4").stream()
                .map(id -> api.get(base + "/" + id).status() == 404).toList();
        Operator.log("bulk delete of b1-b4 whose third entry hit the lock timeout: answered %s; deleted: %s", response,
                deleted);

        assertThat(deleted).as("the first two entries were applied").containsExactly(true, true, false, false);
        assertThat(response.status()).as("an answer that says which entries were applied: " + response)
                .isEqualTo(207);
        assertThat(Json.codes(response.json())).containsExactly(204, 204, 503, 503);
        assertThat(response.json().get(3).get("message").asText()).contains("Not attempted");
    }
}
