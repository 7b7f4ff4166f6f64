package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.app.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Blue/green rebuilds of the projections on a node of their own: reads during a rebuild never see an empty or
 * partial model, writes made during it are in the rebuilt model (and read back at once: read-your-writes across
 * the switch), the rebuilt tables equal what the live processor projects from the same events, and a rebuild
 * whose node stops midway resumes on the next node and ends with the same tables.
 */
class ProjectionRebuildIntegrationTest {

    private static final List<String> PROJECTIONS = Operator.PROJECTIONS;
    private static final Map<String, List<String>> TABLES = Map.of(
            "segment-projection", List.of("segment_view"),
            "customer-assignment-projection", List.of("customer_assignment_view"),
            "item-assignment-projection", List.of("item_assignment_view"),
            "segment-audit-projection", List.of("segment_history", "segment_version", "customer_assignment_version",
                    "item_assignment_version"));
    private static final int FIXED_SEGMENTS = 30;
    private static final int FIXED_CUSTOMERS = 20;
    private static final int FIXED_ITEMS = 10;

    @Test
    void rebuildsEveryProjectionUnderConcurrentReadsAndWritesIntoTablesEqualToAFullReplay() throws Exception {
        String database = TestDatabase.create();
        ConfigurableApplicationContext node = Nodes.start(database, "segments.rebuild.batch-size=25",
                "segments.rebuild.batch-pause=250ms", "segments.rebuild.progress-interval=1s");
        ExecutorService load = Executors.newFixedThreadPool(3);
        try {
            int port = Nodes.port(node);
            JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
            Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
            String fixed = "fixed";
            seed(new Api(port, Tokens.token(fixed, MANAGE + " " + READ)), fixed);
            churn(new Api(port, Tokens.token("churn", MANAGE + " " + READ)), "churn");

            AtomicBoolean running = new AtomicBoolean(true);
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger reads = new AtomicInteger();
            AtomicInteger writes = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                workers.add(load.submit(() -> readFixed(new Api(port, Tokens.token(fixed, READ)), fixed, running,
                        failures, reads)));
            }
            workers.add(load.submit(() -> write(new Api(port, Tokens.token("writer", MANAGE + " " + READ)),
                    "writer", running, failures, writes)));

            await().atMost(Duration.ofSeconds(60)).until(() -> reads.get() >= 2 && writes.get() >= 2);
            for (String projection : PROJECTIONS) {
                int readsBefore = reads.get();
                Api.Response started = operator.post("/actuator/projections/" + projection, Map.of("action", "rebuild"));
                assertThat(started.status()).as(started.toString()).isEqualTo(202);
                Api.Response second = operator.post("/actuator/projections/" + projection, Map.of("action", "rebuild"));
                assertThat(second.status()).as(second.toString()).isEqualTo(409);
                assertThat(second.json().get("message").asText()).contains("running");
                assertThat(operator.post("/actuator/projections/segment-projection", Map.of("action", "rebuild"))
                        .status()).isEqualTo(409);
                List<JsonNode> progress = awaitRebuilt(operator, projection);
                assertThat(progress).as("progress seen while rebuilding " + projection).isNotEmpty();
                for (JsonNode seen : progress) {
                    assertThat(seen.get("processed").asLong()).isBetween(0L, seen.get("total").asLong());
                    assertThat(seen.get("percent").asDouble()).isBetween(0.0, 100.0);
                    assertThat(seen.has("eventsPerSecond")).isTrue();
                    assertThat(seen.has("etaSeconds")).isTrue();
                }
                assertThat(reads.get()).as("reads during the rebuild of " + projection).isGreaterThan(readsBefore);
            }
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            assertThat(failures).isEmpty();
            assertThat(writes.get()).isPositive();
            Operator.log("rebuild under load: %d reads, %d writes, no failure", reads.get(), writes.get());

            new Operator(port).awaitProjectionsCaughtUp(Duration.ofSeconds(30));
            assertThat(jdbc.queryForList("select nspname from pg_namespace where nspname like 'rebuild_%'",
                    String.class)).isEmpty();
            // the rebuilt tables carry the migrations' names: indexes, constraints, and the view over items
            assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'segment_view'",
                    String.class)).contains("segment_view_pk", "segment_view_name_en_trgm", "segment_view_status");
            assertThat(jdbc.queryForObject("select count(*) from item_assignment_details where tenant = ?",
                    Long.class, fixed)).isEqualTo(FIXED_ITEMS);
            for (String tenant : List.of(fixed, "churn", "writer")) {
                assertThat(new Operator(port).divergences(tenant)).as("divergences of " + tenant).isZero();
            }

            // the same events projected again by the live processors themselves, in place
            for (String projection : PROJECTIONS) {
                for (String table : TABLES.get(projection)) {
                    jdbc.execute("create table rebuilt_" + table + " as select * from " + table);
                }
            }
            jdbc.execute("create table rebuilt_lives as select * from projection_segment_life");
            EventProcessingConfiguration processing = node.getBean(EventProcessingConfiguration.class);
            for (String projection : PROJECTIONS) {
                TrackingEventProcessor processor = processing.eventProcessor(projection, TrackingEventProcessor.class)
                        .orElseThrow();
                processor.shutDown();
                processor.resetTokens();
                processor.start();
            }
            new Operator(port).awaitProjectionsCaughtUp(Duration.ofSeconds(60));
            for (String projection : PROJECTIONS) {
                for (String table : TABLES.get(projection)) {
                    assertIdentical(jdbc, "rebuilt_" + table, table);
                }
            }
            assertIdentical(jdbc, "rebuilt_lives", "projection_segment_life");
            assertThat(jdbc.queryForObject("select count(*) from segment_view where tenant = 'writer'", Long.class))
                    .isEqualTo(writes.get());
        } finally {
            load.shutdownNow();
            Nodes.stop(node);
        }
    }

    @Test
    void aRebuildWhoseNodeStopsMidwayResumesOnTheNextNodeAndEndsWithTheSameTables() {
        String database = TestDatabase.create();
        ConfigurableApplicationContext first = Nodes.start(database, "segments.rebuild.batch-size=10",
                "segments.rebuild.batch-pause=150ms");
        ConfigurableApplicationContext second = null;
        try {
            int port = Nodes.port(first);
            seed(new Api(port, Tokens.token("fixed", MANAGE + " " + READ)), "fixed");
            churn(new Api(port, Tokens.token("churn", MANAGE + " " + READ)), "churn");
            new Operator(port).awaitProjectionsCaughtUp(Duration.ofSeconds(30));
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(),
                    TestDatabase.password()));
            jdbc.execute("create table before_assignments as select * from customer_assignment_view");
            jdbc.execute("create table before_lives as select * from projection_segment_life");

            Api operator = new Api(port, Tokens.token("ops", Tokens.ADMIN));
            assertThat(operator.post("/actuator/projections/customer-assignment-projection",
                    Map.of("action", "rebuild")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select processed from projection_rebuild where projection = 'customer-assignment-projection'",
                    Long.class) >= 50);
            JsonNode midway = operator.get("/actuator/projections").json()
                    .at("/projections/customer-assignment-projection");
            assertThat(midway.get("state").asText()).isEqualTo("REBUILDING");
            long total = midway.at("/progress/total").asLong();
            Nodes.stop(first);
            first = null;

            Map<String, Object> stopped = jdbc.queryForMap("select state, processed from projection_rebuild "
                    + "where projection = 'customer-assignment-projection'");
            assertThat(stopped.get("state")).isEqualTo("REBUILDING");
            assertThat((Long) stopped.get("processed")).isBetween(50L, total - 1);
            assertIdentical(jdbc, "before_assignments", "customer_assignment_view");
            assertThat(jdbc.queryForObject("select count(*) from rebuild_customer_assignment_projection"
                    + ".customer_assignment_view", Long.class)).isPositive();

            second = Nodes.start(database, "segments.rebuild.batch-size=10", "segments.rebuild.batch-pause=100ms");
            Api resumed = new Api(Nodes.port(second), Tokens.token("ops", Tokens.ADMIN));
            awaitRebuilt(resumed, "customer-assignment-projection");
            Map<String, Object> done = jdbc.queryForMap("select state, processed, run_processed from "
                    + "projection_rebuild where projection = 'customer-assignment-projection'");
            assertThat(done.get("state")).isEqualTo("DONE");
            assertThat((Long) done.get("run_processed")).as("resumed where it stopped")
                    .isEqualTo(stopped.get("processed"));
            assertIdentical(jdbc, "before_assignments", "customer_assignment_view");
            assertIdentical(jdbc, "before_lives", "projection_segment_life");
            assertThat(resumed.post("/actuator/projections/no-such-projection", Map.of("action", "rebuild"))
                    .status()).isEqualTo(404);
            assertThat(resumed.post("/actuator/projections/segment-projection", Map.of("action", "explode"))
                    .status()).isEqualTo(400);

            // the jar's command, its output not a terminal: plain progress lines, then done
            jdbc.execute("create table before_items as select * from item_assignment_view");
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            OptionalInt exit = Commands.run(new String[] {"rebuild", "item-assignment-projection",
                    "--url=http://127.0.0.1:" + Nodes.port(second), "--interval=0.1"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            String printed = output.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).hasValue(0);
            assertThat(printed).doesNotContain("\r").startsWith("Rebuilding item-assignment-projection.")
                    .containsPattern("(?m)^item-assignment-projection: \\d+\\.\\d% \\([\\d,]+ / [\\d,]+ events, [\\d,]+ "
                            + "events/s, ETA [\\d:?]+\\)$")
                    .containsPattern("(?m)^Rebuild of item-assignment-projection done: [\\d,]+ events; the rebuilt "
                            + "tables are live\\.$");
            assertIdentical(jdbc, "before_items", "item_assignment_view");
        } finally {
            Nodes.stop(first, second);
        }
    }

    /** Waits until the projection is live again after its rebuild; answers the progress seen meanwhile. */
    private static List<JsonNode> awaitRebuilt(Api operator, String projection) {
        List<JsonNode> progress = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode state = operator.get("/actuator/projections").json().at("/projections/" + projection);
            if (state.has("progress")) {
                progress.add(state.get("progress"));
            }
            assertThat(state.at("/lastRebuild/state").asText()).as(state.toString()).isNotEqualTo("FAILED");
            return state.get("state").asText().equals("LIVE") && state.at("/lastRebuild/state").asText()
                    .equals("DONE");
        });
        return progress;
    }

    /** A fixed set of segments, customers and items that no one changes afterwards. */
    private static void seed(Api api, String tenant) {
        String base = "/customer-segment/" + tenant + "/segments";
        for (int i = 0; i < FIXED_SEGMENTS; i++) {
            assertThat(api.post(base, Map.of("id", "s" + i, "name", Map.of("en", "S" + i), "siteCode", "main",
                    "status", "ACTIVE")).status()).isEqualTo(201);
        }
        List<Map<String, Object>> customers = new ArrayList<>();
        for (int c = 0; c < FIXED_CUSTOMERS; c++) {
            customers.add(c % 2 == 0 ? Map.of("customerId", "c" + c)
                    : Map.of("customerId", "c" + c, "legalEntityId", "le" + c));
        }
        assertThat(api.put(base + "/s0/customers/bulk", customers).status()).isEqualTo(207);
        for (int i = 0; i < FIXED_ITEMS; i++) {
            assertThat(api.put(base + "/s0/items/PRODUCT/p" + i, Map.of("mixins", Map.of("n", i))).status())
                    .isEqualTo(201);
        }
    }

    /** A history with updates, deletions and a segment created again, so that a replay has something to get wrong. */
    private static void churn(Api api, String tenant) {
        String base = "/customer-segment/" + tenant + "/segments";
        for (int i = 0; i < 10; i++) {
            assertThat(api.post(base, Map.of("id", "k" + i, "name", Map.of("en", "K" + i), "siteCode", "main"))
                    .status()).isEqualTo(201);
            assertThat(api.put(base + "/k" + i + "/customers/c" + i, Map.of()).status()).isEqualTo(201);
            assertThat(api.put(base + "/k" + i + "/customers/c" + i, Map.of("mixins", Map.of("v", 2))).status())
                    .isEqualTo(204);
            assertThat(api.put(base + "/k" + i + "/items/CATEGORY/cat" + i, Map.of()).status()).isEqualTo(201);
            assertThat(api.patch(base + "/k" + i, List.of(Map.of("op", "add", "path", "/name/de", "value", "D")))
                    .status()).isEqualTo(204);
        }
        for (int i = 0; i < 10; i += 3) {
            assertThat(api.delete(base + "/k" + i + "?forceDelete=true").status()).isEqualTo(204);
            assertThat(api.post(base, Map.of("id", "k" + i, "name", Map.of("en", "again"), "siteCode", "main"))
                    .status()).isEqualTo(201);
            assertThat(api.put(base + "/k" + i + "/customers/again", Map.of()).status()).isEqualTo(201);
        }
    }

    /** Reads the fixed set again and again: never fewer or more rows than were seeded. */
    private static void readFixed(Api api, String tenant, AtomicBoolean running, List<String> failures,
                                  AtomicInteger reads) {
        String base = "/customer-segment/" + tenant + "/segments";
        while (running.get()) {
            Api.Response segments = api.get(base + "?pageSize=100", "X-Total-Count", "true");
            Api.Response customers = api.get(base + "/s0/customers?pageSize=100", "X-Total-Count", "true");
            Api.Response items = api.get(base + "/s0/items?pageSize=100", "X-Total-Count", "true");
            check(failures, segments, FIXED_SEGMENTS);
            check(failures, customers, FIXED_CUSTOMERS);
            check(failures, items, FIXED_ITEMS);
            reads.incrementAndGet();
        }
    }

    private static void check(List<String> failures, Api.Response response, int expected) {
        if (response.status() != 200 || !String.valueOf(expected).equals(response.header("X-Total-Count"))
                || response.json().size() != expected) {
            failures.add("read " + response.status() + " " + response.header("X-Total-Count") + " rows "
                    + (response.status() == 200 ? response.json().size() : -1) + ": " + response.body());
        }
    }

    /** Creates segments and assigns to them; each write must read back at once (read-your-writes). */
    private static void write(Api api, String tenant, AtomicBoolean running, List<String> failures,
                              AtomicInteger writes) {
        String base = "/customer-segment/" + tenant + "/segments";
        int i = 0;
        while (running.get()) {
            String id = "w" + i++;
            Api.Response created = api.post(base, Map.of("id", id, "name", Map.of("en", id), "siteCode", "main"));
            Api.Response assigned = api.put(base + "/" + id + "/customers/c" + i, Map.of());
            if (created.status() != 201 || assigned.status() != 201 || created.header("X-Read-Your-Writes") != null
                    || assigned.header("X-Read-Your-Writes") != null) {
                failures.add("write " + id + ": " + created + " " + created.header("X-Read-Your-Writes") + " / "
                        + assigned + " " + assigned.header("X-Read-Your-Writes"));
                continue;
            }
            writes.incrementAndGet();
            Api.Response segment = api.get(base + "/" + id);
            Api.Response customer = api.get(base + "/" + id + "/customers/c" + i);
            if (segment.status() != 200 || customer.status() != 200) {
                failures.add("read-your-writes " + id + ": " + segment + " / " + customer);
            }
        }
    }

    /** Both tables hold exactly the same rows. */
    private static void assertIdentical(JdbcTemplate jdbc, String expected, String actual) {
        assertThat(jdbc.queryForList("select * from " + expected + " except all select * from " + actual))
                .as("rows of " + expected + " missing from " + actual).isEmpty();
        assertThat(jdbc.queryForList("select * from " + actual + " except all select * from " + expected))
                .as("rows of " + actual + " not in " + expected).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from " + actual, Long.class)).isPositive();
    }
}
