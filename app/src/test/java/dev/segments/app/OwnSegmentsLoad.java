package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A bounded mixed write load whose outcome is known exactly: a few clients (seeded) create, update, assign
 * customers in bulk, unassign and delete (with and without force), each on segments only it uses, so the
 * writes a client got acknowledged alone determine what its segments must look like afterwards. A write the
 * service refused with 503 must have changed nothing. A client stops at the first request that gets no answer
 * at all (the service died), remembering it as in flight: it may or may not have been applied, but not in part.
 */
final class OwnSegmentsLoad {

    private final List<Writer> writers = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final ExecutorService pool;
    private List<Future<?>> running = List.of();

    OwnSegmentsLoad(int clients, IntFunction<Api> api, String base, int maxRequestsPerClient) {
        for (int w = 0; w < clients; w++) {
            writers.add(new Writer(w, api.apply(w), base, maxRequestsPerClient, stop, acknowledged));
        }
        pool = Executors.newFixedThreadPool(clients);
    }

    void start() {
        running = writers.stream().<Future<?>>map(pool::submit).toList();
    }

    /** Writes acknowledged so far (a bulk request counts each acknowledged entry). */
    int acknowledged() {
        return acknowledged.get();
    }

    boolean running() {
        return running.stream().anyMatch(future -> !future.isDone());
    }

    /** Stops the clients after their current request and waits for them (failing on a client's failure). */
    void stop() throws Exception {
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("clients stop").isTrue();
        for (Future<?> writer : running) {
            writer.get();
        }
    }

    /** Requests that got no answer (each client stops at its first). */
    List<String> unanswered() {
        return writers.stream().filter(writer -> writer.inDoubtRequest != null).map(writer -> writer.inDoubtRequest)
                .toList();
    }

    /** The writes acknowledged, by kind. */
    Map<String, Integer> kinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        writers.forEach(writer -> writer.kinds.forEach((kind, count) -> kinds.merge(kind, count, Integer::sum)));
        return kinds;
    }

    /** The statuses of the writes not acknowledged (each a 503 with Retry-After). */
    Map<Integer, Integer> refused() {
        Map<Integer, Integer> refused = new TreeMap<>();
        writers.forEach(writer -> writer.refused.forEach((status, count) -> refused.merge(status, count,
                Integer::sum)));
        return refused;
    }

    /** Acknowledged writes whose response said the projections had not caught up in time. */
    int stale() {
        return writers.stream().mapToInt(writer -> writer.stale).sum();
    }

    /** What the check of the final state found: the facts checked, and what became of requests in flight. */
    record Verification(Map<String, Integer> checked, Map<String, Integer> inFlight) {
    }

    /**
     * Reads every segment the clients touched through {@code reader} and asserts it is exactly what their
     * acknowledged writes imply (a write in flight: applied wholly or not at all), and that the tenant's list
     * holds every live one once and nothing else.
     */
    Verification verify(Api reader, String base) {
        Map<String, Integer> checked = new TreeMap<>();
        Map<String, Integer> inFlight = new TreeMap<>();
        Set<String> mayBeLive = new TreeSet<>();
        Set<String> mustBeLive = new TreeSet<>();
        for (Writer writer : writers) {
            for (Map.Entry<String, State> segment : writer.expected.entrySet()) {
                State actual = read(reader, base, segment.getKey());
                State expected = segment.getValue();
                if (segment.getKey().equals(writer.inDoubtSegment)) {
                    assertThat(actual).as("in flight: " + writer.inDoubtRequest)
                            .isIn(expected, writer.inDoubtAlternative);
                    inFlight.merge(writer.inDoubtKind + (actual.equals(expected) ? " not applied" : " applied"), 1,
                            Integer::sum);
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
                assertThat(actual).as("in flight: " + writer.inDoubtRequest)
                        .isIn(State.ABSENT, writer.inDoubtAlternative);
                inFlight.merge(writer.inDoubtKind + (actual.equals(State.ABSENT) ? " not applied" : " applied"), 1,
                        Integer::sum);
                mayBeLive.add(writer.inDoubtSegment);
            }
        }
        List<String> listed = Json.ids(reader.get(base + "?pageSize=1000").json());
        assertThat(listed).as("segments listed").doesNotHaveDuplicates().containsAll(mustBeLive);
        assertThat(mustBeLive).as("segments listed").containsAll(listed.stream().filter(id -> !mayBeLive.contains(id))
                .toList());
        return new Verification(checked, inFlight);
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

    static State read(Api api, String base, String segmentId) {
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
     * service died), remembering it as in flight, with the state its segment has should it have been applied;
     * a request the service refused to connect to was never sent.
     */
    static final class Writer implements Runnable {

        final int id;
        final Api api;
        final String base;
        final int maxRequests;
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
        String inDoubtKind;
        String inDoubtRequest;

        Writer(int id, Api api, String base, int maxRequests, AtomicBoolean stop, AtomicInteger acknowledgedByAll) {
            this.id = id;
            this.api = api;
            this.base = base;
            this.maxRequests = maxRequests;
            this.stop = stop;
            this.acknowledgedByAll = acknowledgedByAll;
            this.random = new Random(1_000 + id);
        }

        @Override
        public void run() {
            for (int request = 0; request < maxRequests && !stop.get(); request++) {
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
                    inDoubtKind = kind;
                    inDoubtRequest = kind + " " + segment + " (" + e.getCause() + ")";
                }
                return false;
            }
            if (response.status() != acknowledgedStatus) {
                assertThat(response.status()).as(kind + " " + segment + ": " + response).isEqualTo(503);
                assertThat(response.header("Retry-After")).as(kind + " " + segment + ": 503 without Retry-After")
                        .isNotNull();
                assertThat(response.json().get("code").asInt()).isEqualTo(503);
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
