package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.segment.SegmentUpdatedEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every database connection of the service dropped under load, several times ({@code pg_terminate_backend} of
 * every backend of its database): it recovers by itself, never answers 500 (a request that hit a dropped
 * connection gets 503 with {@code Retry-After} and changed nothing, or, when the connection dropped during its
 * commit, says that it may or may not have been applied, and was applied wholly or not at all), loses no
 * acknowledged write, and is ready, caught up and writable afterwards. The service runs as the real jar in a process of its own: in the test JVM,
 * which runs with assertions enabled, the PostgreSQL driver answers a connection dropped in the middle of a
 * batch with an {@link AssertionError} instead of an SQLException (pgjdbc issues 1458 and 3180), which a
 * production JVM never sees.
 */
class ConnectionLossIntegrationTest {

    static final int CLIENTS = 3;
    static final int TERMINATIONS = 5;
    static final Duration BETWEEN_TERMINATIONS = Duration.ofMillis(1_500);
    static final int MAX_REQUESTS_PER_CLIENT = 300;

    @Test
    void recoversByItselfAndLosesNoAcknowledgedWriteWhenItsConnectionsAreDropped() throws Exception {
        String database = TestDatabase.create();
        try (ServiceProcess service = ServiceProcess.start(database, "connection-loss", Duration.ofSeconds(120))) {
            int port = service.port();
            String tenant = IntegrationTestBase.newTenant();
            String token = Tokens.token(tenant, MANAGE + " " + READ);
            String base = "/customer-segment/" + tenant + "/segments";
            OwnSegmentsLoad load = new OwnSegmentsLoad(CLIENTS, client -> new Api(port, token), base,
                    MAX_REQUESTS_PER_CLIENT);
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() >= 100 || !load.running());

            List<Integer> terminated = new ArrayList<>();
            for (int round = 0; round < TERMINATIONS; round++) {
                terminated.add(terminateBackends(database));
                Thread.sleep(BETWEEN_TERMINATIONS.toMillis());
            }
            int acknowledgedDuringTerminations = load.acknowledged();
            load.stop();
            assertThat(load.unanswered()).as("requests without an answer").isEmpty();

            long recovering = System.nanoTime();
            Api anonymous = new Api(port, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> anonymous.get("/actuator/health/readiness").status()
                    == 200);
            double readySeconds = (System.nanoTime() - recovering) / 1e9;
            Operator operator = new Operator(port);
            operator.awaitProjectionsCaughtUp(Duration.ofSeconds(60));
            double caughtUpSeconds = (System.nanoTime() - recovering) / 1e9;
            assertThat(operator.api().get("/actuator/health").json().get("status").asText()).isEqualTo("UP");

            Api reader = new Api(port, token);
            OwnSegmentsLoad.Verification verified = load.verify(reader, base);
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(),
                    TestDatabase.password()));
            assertThat(Invariants.registryAndViewDisagreements(jdbc, tenant)).isEmpty();
            long divergences = operator.divergences(tenant);
            assertThat(divergences).isZero();
            Api.Response fresh = reader.post(base, IntegrationTestBase.segment("afterwards", "Afterwards"));
            assertThat(fresh.status()).isEqualTo(201);
            assertThat(fresh.header("X-Read-Your-Writes")).isNull();
            assertThat(reader.get(base + "/afterwards").status()).isEqualTo(200);

            Operator.log("pg_terminate_backend: %d rounds %s ms apart terminated %s backends while %d clients wrote; "
                    + "%,d writes acknowledged (%,d by the last round: %s), refused: %s (each with Retry-After), "
                    + "500s: 0, unanswered: 0, %d answered X-Read-Your-Writes; ready %.1f s and caught up %.1f s after "
                    + "the load; %,d/%,d acknowledged writes readable: %s; writes in doubt: %s; registry and views "
                    + "agree; consistency check: %d divergences; a fresh write: 201", TERMINATIONS,
                    BETWEEN_TERMINATIONS.toMillis(), terminated, CLIENTS, load.acknowledged(),
                    acknowledgedDuringTerminations, load.kinds(), load.refused(), load.stale(), readySeconds,
                    caughtUpSeconds, load.acknowledged(), load.acknowledged(), verified.checked(), verified.inDoubt(),
                    divergences);
        }
    }

    /**
     * The moment the load test can only hit by chance, pinned: a write's connection dropped after its events were
     * appended, with nothing left to do but commit (the write held there by {@link CommitStall}). The commit
     * fails, and the client gets 503 with {@code Retry-After}, saying that the change may or may not have been
     * applied (a commit that fails on a dropped connection may have gone through); here it was not. Runs in the
     * test JVM, which is safe here: no batch runs on the dropped connection.
     */
    @Test
    void answers503AndAppliesNothingWhenTheConnectionDropsJustBeforeAWriteCommits() throws Exception {
        String database = TestDatabase.create();
        ConfigurableApplicationContext node = Nodes.start(database, List.of(CommitStall.class), CommitStall.SETTING);
        try {
            String tenant = IntegrationTestBase.newTenant();
            String base = "/customer-segment/" + tenant + "/segments";
            Api api = new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
            assertThat(api.post(base, IntegrationTestBase.segment("dropped", "v1")).status()).isEqualTo(201);

            CommitStall.arm("dropped");
            CompletableFuture<Api.Response> update = CompletableFuture.supplyAsync(() -> api.put(base + "/dropped",
                    Map.of("name", Map.of("en", "v2"), "siteCode", "main")));
            CommitStall.awaitStalled();
            List<Integer> held = backends(database, "state = 'idle in transaction'");
            assertThat(held).as("the held write's connection").isNotEmpty();
            int terminated = terminateBackends(database, "pid = any ('{" + held.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + "}')");
            await().atMost(Duration.ofSeconds(10)).until(() -> backends(database, "pid = any ('{"
                    + held.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}')").isEmpty());
            CommitStall.release();

            Api.Response response = update.get(60, TimeUnit.SECONDS);
            Operator.log("connection dropped just before a write's commit: %d backend(s) terminated; the write "
                    + "answered %s", terminated, response);
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(response.json().get("message").asText()).contains(OwnSegmentsLoad.OUTCOME_UNKNOWN);
            assertThat(api.get(base + "/dropped").json().at("/metadata/version").asInt()).as("not applied")
                    .isEqualTo(1);
            assertThat(api.put(base + "/dropped", Map.of("name", Map.of("en", "v2"), "siteCode", "main",
                    "metadata", Map.of("version", 1))).status()).isEqualTo(204);
            // the rolled-back append left a global index below this write's that no event will ever fill: it is
            // a gap in the processors' tokens, yet nothing is left to process
            Operator operator = new Operator(Nodes.port(node));
            JsonNode processors = operator.awaitProjectionsCaughtUp(Duration.ofSeconds(30));
            assertThat(operator.divergences(tenant)).isZero();
            Operator.log("after the rolled-back write and another: %s; consistency check: 0 divergences", processors);
        } finally {
            CommitStall.release();
            Nodes.stop(node);
        }
    }

    /**
     * A test hook like {@link EventStall}, for segment updates, which change no registry row: a subscribing
     * handler that blocks on the armed segment's update inside the command's transaction, after its events were
     * appended, as the last work before the commit. Not a configuration class, so only the nodes started with it
     * have it; they need {@link #SETTING}.
     */
    static class CommitStall {

        static final String SETTING = "axon.eventhandling.processors." + Handler.GROUP + ".mode=subscribing";

        private static volatile String armed;
        private static volatile CountDownLatch stalled = new CountDownLatch(1);
        private static volatile CountDownLatch released = new CountDownLatch(1);

        static void arm(String segmentId) {
            stalled = new CountDownLatch(1);
            released = new CountDownLatch(1);
            armed = segmentId;
        }

        static void awaitStalled() throws InterruptedException {
            assertThat(stalled.await(30, TimeUnit.SECONDS)).as("the armed update reached the stall").isTrue();
        }

        static void release() {
            armed = null;
            released.countDown();
        }

        @Bean
        Handler commitStallingHandler() {
            return new Handler();
        }

        @ProcessingGroup(Handler.GROUP)
        static class Handler {

            static final String GROUP = "test-commit-stall";

            @EventHandler
            void on(SegmentUpdatedEvent event) throws InterruptedException {
                if (event.segmentId().equals(armed)) {
                    stalled.countDown();
                    released.await(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int terminateBackends(String database) throws SQLException {
        return terminateBackends(database, "true");
    }

    /** Terminates every other backend connected to the database that meets the condition; answers how many. */
    private static int terminateBackends(String database, String condition) throws SQLException {
        return query(database, "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity "
                + "where datname = ? and pid <> pg_backend_pid() and " + condition).get(0);
    }

    /** The process ids of the other backends connected to the database that meet the condition. */
    private static List<Integer> backends(String database, String condition) throws SQLException {
        return query(database, "select pid from pg_stat_activity where datname = ? and pid <> pg_backend_pid() and "
                + condition);
    }

    private static List<Integer> query(String database, String sql) throws SQLException {
        String name = database.substring(database.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection connection = DriverManager.getConnection(database, TestDatabase.user(),
                TestDatabase.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            List<Integer> values = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getInt(1));
                }
            }
            return values;
        }
    }
}
