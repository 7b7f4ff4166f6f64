package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two processes in the command role and one in the query role on the same (own) database: writes through a
 * command node are read through the query node right after the 2xx; concurrent writes through both command
 * nodes never lose an update; a restarted query node resumes from its stored token, and a reset rebuilds
 * the projection from the event store.
 */
class SplitRoleIntegrationTest {

    static String database;
    static ConfigurableApplicationContext commandNode;
    static ConfigurableApplicationContext otherCommandNode;
    static ConfigurableApplicationContext queryNode;

    final String tenant = IntegrationTestBase.newTenant();
    final String base = "/customer-segment/" + tenant + "/segments";

    @BeforeAll
    static void startNodes() {
        database = TestDatabase.create();
        commandNode = start("command", "segments.consistency.timeout=3s");
        otherCommandNode = start("command");
        queryNode = start("query");
    }

    @AfterAll
    static void stopNodes() {
        Nodes.stop(queryNode, commandNode, otherCommandNode);
    }

    @Test
    void readsThroughTheQueryNodeWhatWasWrittenThroughTheCommandNode() {
        Api writer = client(commandNode);
        Api reader = client(queryNode);
        assertThat(writer.post(base, IntegrationTestBase.segment("split", "v1")).status()).isEqualTo(201);
        assertThat(reader.get(base + "/split").json().get("name").get("en").asText()).isEqualTo("v1");
        for (int version = 2; version <= 25; version++) {
            Api.Response written = writer.put(base + "/split", Map.of("name", Map.of("en", "v" + version),
                    "siteCode", "main"));
            assertThat(written.status()).isEqualTo(204);
            assertThat(written.header("X-Read-Your-Writes")).isNull();
            JsonNode read = reader.get(base + "/split").json();
            assertThat(read.get("metadata").get("version").asInt()).isEqualTo(version);
        }
    }

    @Test
    void neverLosesAnUpdateWhenTwoCommandNodesWriteTheSameVersion() throws Exception {
        Api first = client(commandNode);
        Api second = client(otherCommandNode);
        for (int round = 0; round < 5; round++) {
            String path = base + "/contended" + round;
            assertThat(first.post(base, IntegrationTestBase.segment("contended" + round, "v1")).status())
                    .isEqualTo(201);
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> writers = new ArrayList<>();
            for (Api node : List.of(first, second)) {
                writers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return node.put(path, Map.of("name", Map.of("en", "v2"), "siteCode", "main",
                            "metadata", Map.of("version", 1))).status();
                }));
            }
            assertThat(writers.stream().map(CompletableFuture::join).sorted().toList()).containsExactly(204, 409);
            assertThat(client(queryNode).get(path).json().get("metadata").get("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void keepsEachRoleToItsOwnEndpoints() {
        assertThat(client(commandNode).get(base + "/anything").status()).isEqualTo(405);
        assertThat(client(queryNode).post(base, IntegrationTestBase.segment("nope", "No")).status()).isEqualTo(405);
        JdbcTemplate jdbc = queryNode.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, tenant + ":nope")).isZero();
    }

    @Test
    void resumesAfterARestartAndRebuildsFromTheEventStore() throws Exception {
        Api writer = client(commandNode);
        writer.post(base, IntegrationTestBase.segment("before", "Before"));
        queryNode.close();

        Api.Response unseen = writer.post(base, IntegrationTestBase.segment("during", "During"));
        assertThat(unseen.status()).isEqualTo(201);
        assertThat(unseen.header("X-Read-Your-Writes")).isEqualTo("timeout");

        queryNode = start("query");
        Api reader = client(queryNode);
        awaitStatus(reader, base + "/during", 200);
        assertThat(reader.get(base + "/before").status()).isEqualTo(200);

        JdbcTemplate jdbc = queryNode.getBean(JdbcTemplate.class);
        jdbc.update("update segment_view set name = '{\"en\":\"corrupted\"}' where tenant = ?", tenant);
        StreamingEventProcessor projection = queryNode.getBean(EventProcessingConfiguration.class)
                .eventProcessor("segment-projection", StreamingEventProcessor.class).orElseThrow();
        projection.shutdownAsync().get();
        projection.resetTokens();
        projection.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!reader.get(base + "/during").json().path("name").path("en").asText().equals("During")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(reader.get(base + "/before").json().get("name").get("en").asText()).isEqualTo("Before");
        long liveSegments = jdbc.queryForObject("select count(*) from segment_view", Long.class);
        long createdStreams = jdbc.queryForObject("select count(distinct aggregate_identifier) from domain_event_entry "
                + "where payload_type like '%SegmentCreatedEvent'", Long.class);
        long deletedStreams = jdbc.queryForObject("select count(*) from (select aggregate_identifier, "
                + "max(sequence_number) as last from domain_event_entry group by aggregate_identifier) s "
                + "join domain_event_entry e on e.aggregate_identifier = s.aggregate_identifier "
                + "and e.sequence_number = s.last where e.payload_type like '%SegmentDeletedEvent'", Long.class);
        assertThat(liveSegments).isEqualTo(createdStreams - deletedStreams);
    }

    private static void awaitStatus(Api api, String path, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (api.get(path).status() != status) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private Api client(ConfigurableApplicationContext node) {
        return new Api(Nodes.port(node), Tokens.token(tenant, MANAGE + " " + READ));
    }

    private static ConfigurableApplicationContext start(String role, String... extra) {
        List<String> settings = new ArrayList<>(List.of("segments.roles=" + role));
        settings.addAll(Arrays.asList(extra));
        return Nodes.start(database, settings.toArray(String[]::new));
    }
}
