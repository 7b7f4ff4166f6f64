package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kill -9 of the real service process under a bounded mixed load (creates, updates, bulk customer assignments,
 * unassignments, deletes with and without force) from a few clients, each on its own segments so that its
 * acknowledged writes alone determine their state. After a restart on the same database every write
 * acknowledged before the kill is readable, every acknowledged delete stays deleted, nothing is there twice,
 * a write that was in flight is either wholly applied or not at all, registry and views agree, and the
 * consistency check finds the views equal to what the event store implies.
 */
class ProcessKillIntegrationTest {

    static final int CLIENTS = 4;
    /** The kill comes once this many writes were acknowledged, or after {@link #LOAD_AT_MOST}. */
    static final int KILL_AFTER_ACKNOWLEDGED = 1_500;
    static final Duration LOAD_AT_MOST = Duration.ofSeconds(30);
    static final int MAX_REQUESTS_PER_CLIENT = 400;
    static final Duration START_WITHIN = Duration.ofSeconds(120);

    final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopServices() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
    }

    @Test
    void losesNoAcknowledgedWriteAndDuplicatesNothingWhenKilledUnderLoad() throws Exception {
        String database = TestDatabase.create();
        String tenant = IntegrationTestBase.newTenant();
        String token = Tokens.token(tenant, MANAGE + " " + READ);
        String base = "/customer-segment/" + tenant + "/segments";
        ServiceProcess first = start(database, "kill-before");

        OwnSegmentsLoad load = new OwnSegmentsLoad(CLIENTS, client -> new Api(first.port(), token), base,
                MAX_REQUESTS_PER_CLIENT);
        long loadStarted = System.nanoTime();
        load.start();
        long deadline = loadStarted + LOAD_AT_MOST.toNanos();
        while (load.acknowledged() < KILL_AFTER_ACKNOWLEDGED && System.nanoTime() < deadline && load.running()) {
            Thread.sleep(10);
        }
        int acknowledgedAtKill = load.acknowledged();
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        first.kill();
        load.stop();
        int acknowledged = load.acknowledged();

        long restarting = System.nanoTime();
        ServiceProcess second = start(database, "kill-after");
        double restartSeconds = (System.nanoTime() - restarting) / 1e9;
        Operator operator = new Operator(second.port());
        operator.awaitProjectionsCaughtUp(Duration.ofSeconds(60));

        Api reader = new Api(second.port(), token);
        OwnSegmentsLoad.Verification verified = load.verify(reader, base);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(),
                TestDatabase.password()));
        assertThat(Invariants.registryAndViewDisagreements(jdbc, tenant)).isEmpty();
        long divergences = operator.divergences(tenant);
        assertThat(divergences).isZero();
        assertThat(reader.post(base, IntegrationTestBase.segment("after-restart", "After")).status()).isEqualTo(201);
        assertThat(reader.get(base + "/after-restart").status()).isEqualTo(200);

        Operator.log("kill -9 after %,d acknowledged writes (%,d when the kill was decided, after %.1f s of load from "
                + "%d clients: %s; refused: %s; %d answered X-Read-Your-Writes); %d in flight at the kill; "
                + "restarted in %.1f s; %,d/%,d acknowledged writes readable: %s, none twice; in doubt: %s; "
                + "registry and views agree; consistency check: %d divergences", acknowledged, acknowledgedAtKill,
                loadSeconds, CLIENTS, load.kinds(), load.refused(), load.stale(), load.unanswered().size(),
                restartSeconds, acknowledged, acknowledged, verified.checked(), verified.inDoubt(), divergences);
    }

    private ServiceProcess start(String database, String name) {
        ServiceProcess service = ServiceProcess.start(database, name, START_WITHIN);
        started.add(service);
        return service;
    }
}
