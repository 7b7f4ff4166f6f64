package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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

    static final int WRITERS = 4;
    /** The kill comes once this many writes were acknowledged, or after {@link #LOAD_AT_MOST}. */
    static final int KILL_AFTER_ACKNOWLEDGED = 1_500;
    static final Duration LOAD_AT_MOST = Duration.ofSeconds(30);
    static final int MAX_REQUESTS_PER_WRITER = 400;
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
        ServiceProcess first = start(database, "kill-before");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        List<Writer> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new Writer(w, new Api(first.port(), token), "/customer-segment/" + tenant + "/segments",
                    stop, acknowledged));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long loadStarted = System.nanoTime();
        List<Future<?>> running = writers.stream().<Future<?>>map(pool::submit).toList();
        long deadline = loadStarted + LOAD_AT_MOST.toNanos();
        while (acknowledged.get() < KILL_AFTER_ACKNOWLEDGED && System.nanoTime() < deadline
                && running.stream().anyMatch(future -> !future.isDone())) {
            Thread.sleep(10);
        }
        int acknowledgedAtKill = acknowledged.get();
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        first.kill();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> writer : running) {
            writer.get();
        }
        int acknowledgedTotal = writers.stream().mapToInt(writer -> writer.acknowledged).sum();

        long restarting = System.nanoTime();
        ServiceProcess second = start(database, "kill-after");
        double restartSeconds = (System.nanoTime() - restarting) / 1e9;
        Operator operator = new Operator(second.port());
        operator.awaitProjectionsCaughtUp(Duration.ofSeconds(60));

        Api reader = new Api(second.port(), token);
        String base = "/customer-segment/" + tenant + "/segments";
        Map<String, Integer> checked = new TreeMap<>();
        Map<String, Integer> inFlight = new TreeMap<>();
        Set<String> mayBeLive = new TreeSet<>();
        Set<String> mustBeLive = new TreeSet<>();
        for (Writer writer : writers) {
            for (Map.Entry<String, State> segment : writer.expected.entrySet()) {
                State actual = read(reader, base, segment.getKey());
                State expected = segment.getValue();
                if (segment.getKey().equals(writer.inDoubtSegment)) {
                    assertThat(actual).as("in flight at the kill: " + writer.inDoubtRequest)
                            .isIn(expected, writer.inDoubtAlternative);
                    inFlight.merge(writer.inDoubtRequest.split(" ")[0] + (actual.equals(expected) ? " not applied"
                            : " applied"), 1, Integer::sum);
                    mayBeLive.add(segment.getKey());
                    continue;
                }
                assertThat(actual).as("segment " + segment.getKey()).isEqualTo(expected);
                checked.merge(expected.live() ? "live segments" : "deleted segments", 1, Integer::sum);
                checked.merge("assignments", expected.customers().size(), Integer::sum);
                if (expected.live()) {
                    mustBeLive.add(segment.getKey());
                }
            }
            if (writer.inDoubtSegment != null && !writer.expected.containsKey(writer.inDoubtSegment)) {
                State actual = read(reader, base, writer.inDoubtSegment);
                assertThat(actual).as("in flight at the kill: " + writer.inDoubtRequest)
                        .isIn(State.ABSENT, writer.inDoubtAlternative);
                inFlight.merge(writer.inDoubtRequest.split(" ")[0] + (actual.equals(State.ABSENT) ? " not applied"
                        : " applied"), 1, Integer::sum);
                mayBeLive.add(writer.inDoubtSegment);
            }
        }
        List<String> listed = Json.ids(reader.get(base + "?pageSize=1000").json());
        assertThat(listed).as("segments listed").doesNotHaveDuplicates().containsAll(mustBeLive);
        assertThat(mustBeLive).containsAll(listed.stream().filter(id -> !mayBeLive.contains(id)).toList());

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.user(),
                TestDatabase.password()));
        assertThat(Invariants.registryAndViewDisagreements(jdbc, tenant)).isEmpty();
        long divergences = operator.divergences(tenant);
        assertThat(divergences).isZero();
        Api.Response fresh = reader.post(base, IntegrationTestBase.segment("after-restart", "After"));
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(reader.get(base + "/after-restart").status()).isEqualTo(200);

        Map<String, Integer> kinds = new TreeMap<>();
        Map<Integer, Integer> refused = new TreeMap<>();
        int stale = 0;
        for (Writer writer : writers) {
            writer.kinds.forEach((kind, count) -> kinds.merge(kind, count, Integer::sum));
            writer.refused.forEach((status, count) -> refused.merge(status, count, Integer::sum));
            stale += writer.stale;
        }
        Operator.log("kill -9 after %,d acknowledged writes (%,d when the kill was decided, after %.1f s of load from "
                + "%d clients: %s; not acknowledged: %s; %d answered X-Read-Your-Writes); %d in flight at the kill; "
                + "restarted in %.1f s; %,d/%,d acknowledged writes readable: %s, none twice; in flight: %s; "
                + "registry and views agree; consistency check: %d divergences", acknowledgedTotal, acknowledgedAtKill,
                loadSeconds, WRITERS, kinds, refused, stale, inFlight.values().stream().mapToInt(Integer::intValue)
                        .sum(), restartSeconds, acknowledgedTotal, acknowledgedTotal, checked, inFlight, divergences);
    }

    private ServiceProcess start(String database, String name) {
        ServiceProcess service = ServiceProcess.start(database, name, START_WITHIN);
        started.add(service);
        return service;
    }

    /** A segment as the service shows it: live with its version and customers, or not there. */
    record State(boolean live, long version, Set<String> customers) {

        static final State ABSENT = new State(false, 0, Set.of());

        State withCustomers(Set<String> added) {
            Set<String> customers = new TreeSet<>(this.customers);
            customers.addAll(added);
            return new State(live, version, customers);
        }

        State without(String customer) {
            Set<String> customers = new TreeSet<>(this.customers);
            customers.remove(customer);
            return new State(live, version, customers);
        }
    }

    private static State read(Api api, String base, String segmentId) {
        Api.Response segment = api.get(base + "/" + segmentId);
        if (segment.status() == 404) {
            return State.ABSENT;
        }
        assertThat(segment.status()).as(segment.toString()).isEqualTo(200);
        Api.Response customers = api.get(base + "/" + segmentId + "/customers?pageSize=1000", "X-Total-Count", "true");
        List<String> ids = Json.texts(customers.json(), "/customer/id");
        assertThat(ids).as("customers of " + segmentId).doesNotHaveDuplicates();
        assertThat(customers.header("X-Total-Count")).isEqualTo(String.valueOf(ids.size()));
        return new State(true, segment.json().at("/metadata/version").asLong(), new TreeSet<>(ids));
    }

    /**
     * One client: a seeded random mix of writes on segments only it uses, each applied to its model of what the
     * service holds once the service acknowledged it. It stops at the first request that gets no answer (the
     * service was killed), remembering it as in flight, with the state its segment has should it have been
     * applied.
     */
    static final class Writer implements Runnable {

        final int id;
        final Api api;
        final String base;
        final AtomicBoolean stop;
        final AtomicInteger acknowledgedByAll;
        final Random random;
        final Map<String, State> expected = new LinkedHashMap<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        final Map<Integer, Integer> refused = new TreeMap<>();
        int acknowledged;
        int stale;
        int next;
        String inDoubtSegment;
        State inDoubtAlternative;
        String inDoubtRequest;

        Writer(int id, Api api, String base, AtomicBoolean stop, AtomicInteger acknowledgedByAll) {
            this.id = id;
            this.api = api;
            this.base = base;
            this.stop = stop;
            this.acknowledgedByAll = acknowledgedByAll;
            this.random = new Random(1_000 + id);
        }

        @Override
        public void run() {
            for (int request = 0; request < MAX_REQUESTS_PER_WRITER && !stop.get(); request++) {
                if (!step()) {
                    return;
                }
            }
        }

        /** Sends one write; false once the service is gone. */
        private boolean step() {
            List<String> live = expected.entrySet().stream().filter(e -> e.getValue().live()).map(Map.Entry::getKey)
                    .toList();
            List<String> populated = live.stream().filter(s -> !expected.get(s).customers().isEmpty()).toList();
            List<String> empty = live.stream().filter(s -> expected.get(s).customers().isEmpty()).toList();
            int dice = random.nextInt(100);
            if (live.size() < 3 || dice < 20) {
                String segment = "w" + id + "-s" + next++;
                return send("create", segment, new State(true, 1, Set.of()), 1,
                        () -> api.post(base, IntegrationTestBase.segment(segment, segment)), 201);
            }
            String segment = live.get(random.nextInt(live.size()));
            State state = expected.get(segment);
            if (dice < 60) {
                Set<String> customers = new TreeSet<>();
                int fresh = 10 + random.nextInt(30);
                for (int i = 0; i < fresh; i++) {
                    customers.add("w" + id + "-c" + next++);
                }
                state.customers().stream().limit(random.nextInt(5)).forEach(customers::add);
                List<Map<String, Object>> entries = customers.stream().map(customer -> Map.<String, Object>of(
                        "customerId", customer, "mixins", Map.of("n", next))).toList();
                return send("bulk-entries", segment, state.withCustomers(customers), customers.size(),
                        () -> api.put(base + "/" + segment + "/customers/bulk", entries), 207);
            }
            if (dice < 72) {
                return send("updates", segment, new State(true, state.version() + 1, state.customers()), 1,
                        () -> api.put(base + "/" + segment, Map.of("name", Map.of("en", "v" + (state.version() + 1)),
                                "siteCode", "main", "metadata", Map.of("version", state.version()))), 204);
            }
            if (dice < 84 && !populated.isEmpty()) {
                String target = populated.get(random.nextInt(populated.size()));
                State targetState = expected.get(target);
                List<String> members = List.copyOf(targetState.customers());
                String customer = members.get(random.nextInt(members.size()));
                return send("unassignments", target, targetState.without(customer), 1,
                        () -> api.delete(base + "/" + target + "/customers/" + customer), 204);
            }
            if (dice < 94 && !populated.isEmpty()) {
                String target = populated.get(random.nextInt(populated.size()));
                return send("force-deletes", target, State.ABSENT, 1,
                        () -> api.delete(base + "/" + target + "?forceDelete=true"), 204);
            }
            if (!empty.isEmpty()) {
                String target = empty.get(random.nextInt(empty.size()));
                return send("deletes", target, State.ABSENT, 1, () -> api.delete(base + "/" + target), 204);
            }
            return true;
        }

        /**
         * Sends one write and, once acknowledged with the expected status (every entry of a bulk answer
         * included), takes the segment's new state into the model; false when the service did not answer.
         */
        private boolean send(String kind, String segment, State after, int writes, Supplier<Api.Response> request,
                             int acknowledgedStatus) {
            Api.Response response;
            try {
                response = request.get();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof ConnectException)) {
                    inDoubtSegment = segment;
                    inDoubtAlternative = after;
                    inDoubtRequest = kind + " " + segment;
                }
                return false;
            }
            if (response.status() != acknowledgedStatus) {
                assertThat(response.status()).as(kind + " " + segment + ": " + response).isEqualTo(503);
                refused.merge(response.status(), 1, Integer::sum);
                return true;
            }
            if (response.status() == 207) {
                for (JsonNode entry : response.json()) {
                    assertThat(entry.get("code").asInt()).as(kind + " " + segment + ": " + entry).isIn(201, 204);
                }
            }
            if (response.header("X-Read-Your-Writes") != null) {
                stale++;
            }
            expected.put(segment, after);
            kinds.merge(kind, writes, Integer::sum);
            acknowledged += writes;
            acknowledgedByAll.addAndGet(writes);
            return true;
        }
    }
}
