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
 * service refused with 503 must have changed nothing, unless the 503 says the change may or may not have been
 * applied (the connection dropped during the commit): such a write is in doubt, like one that got no answer at
 * all; it may have been applied or not, but not in part, and its client leaves that segment alone from then on.
 * A client stops at the first request that gets no answer (the service died).
 */
final class OwnSegmentsLoad {

    /** How a 503 says that the write may have been applied after all. */
    static final String OUTCOME_UNKNOWN = "may or may not have been applied";

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
        return writers.stream().flatMap(writer -> writer.unanswered.stream()).toList();
    }

    /** The writes acknowledged, by kind. */
    Map<String, Integer> kinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        writers.forEach(writer -> writer.kinds.forEach((kind, count) -> kinds.merge(kind, count, Integer::sum)));
        return kinds;
    }

    /** The writes not acknowledged: each a 503 with Retry-After, some saying their outcome is unknown. */
    Map<String, Integer> refused() {
        Map<String, Integer> refused = new TreeMap<>();
        writers.forEach(writer -> writer.refused.forEach((status, count) -> refused.merge(status, count,
                Integer::sum)));
        return refused;
    }

    /** Acknowledged writes whose response said the projections had not caught up in time. */
    int stale() {
        return writers.stream().mapToInt(writer -> writer.stale).sum();
    }

    /** What the check of the final state found: the facts checked, and what became of the writes in doubt. */
    record Verification(Map<String, Integer> checked, Map<String, Integer> inDoubt) {
    }

    /** A write whose client cannot know whether it was applied, and the state its segment has if it was. */
    record Doubt(String kind, String request, State alternative) {
    }

    /**
     * Reads every segment the clients touched through {@code reader} and asserts it is exactly what their
     * acknowledged writes imply (after a write in doubt: that write applied wholly or not at all), and that the
     * tenant's list holds every live one once and nothing else.
     */
    Verification verify(Api reader, String base) {
        Map<String, Integer> checked = new TreeMap<>();
        Map<String, Integer> inDoubt = new TreeMap<>();
        Set<String> mayBeLive = new TreeSet<>();
        Set<String> mustBeLive = new TreeSet<>();
        for (Writer writer : writers) {
            Set<String> segments = new TreeSet<>(writer.expected.keySet());
            segments.addAll(writer.inDoubt.keySet());
            for (String segment : segments) {
                State actual = read(reader, base, segment);
                State expected = writer.expected.getOrDefault(segment, State.ABSENT);
                Doubt doubt = writer.inDoubt.get(segment);
                if (doubt != null) {
                    assertThat(actual).as("in doubt: " + doubt.request()).isIn(expected, doubt.alternative());
                    inDoubt.merge(doubt.kind() + (actual.equals(expected) ? " not applied" : " applied"), 1,
                            Integer::sum);
                    mayBeLive.add(segment);
                    continue;
                }
                assertThat(actual).as("segment " + segment).isEqualTo(expected);
                checked.merge(expected.live() ? "live segments" : "deleted segments", 1, Integer::sum);
                checked.merge("assignments", expected.customers().size(), Integer::sum);
                if (expected.live()) {
                    mustBeLive.add(segment);
                }
            }
        }
        List<String> listed = Json.ids(reader.get(base + "?pageSize=1000").json());
        assertThat(listed).as("segments listed").doesNotHaveDuplicates().containsAll(mustBeLive);
        assertThat(mustBeLive).as("segments listed").containsAll(listed.stream().filter(id -> !mayBeLive.contains(id))
                .toList());
        return new Verification(checked, inDoubt);
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
     * service holds once the service acknowledged it. A write in doubt is remembered with the state its segment
     * has should it have been applied, and the segment is left alone from then on. The client stops at the first
     * request that gets no answer (the service died); a request the service refused to connect to was never sent.
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
        final Map<String, Integer> refused = new TreeMap<>();
        final Map<String, Doubt> inDoubt = new LinkedHashMap<>();
        final List<String> unanswered = new ArrayList<>();
        int acknowledged;
        int stale;
        int next;

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
            List<String> live = expected.entrySet().stream().filter(e -> e.getValue().live())
                    .map(Map.Entry::getKey).filter(segment -> !inDoubt.containsKey(segment)).toList();
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
                    String described = kind + " " + segment + " (no answer: " + e.getCause() + ")";
                    inDoubt.put(segment, new Doubt(kind, described, after));
                    unanswered.add(described);
                }
                return false;
            }
            if (response.status() != acknowledgedStatus) {
                assertThat(response.status()).as(kind + " " + segment + ": " + response).isEqualTo(503);
                assertThat(response.header("Retry-After")).as(kind + " " + segment + ": 503 without Retry-After")
                        .isNotNull();
                assertThat(response.json().get("code").asInt()).isEqualTo(503);
                if (response.json().get("message").asText().contains(OUTCOME_UNKNOWN)) {
                    inDoubt.put(segment, new Doubt(kind, kind + " " + segment + " (" + response + ")", after));
                    refused.merge("503 outcome unknown", 1, Integer::sum);
                } else {
                    refused.merge("503", 1, Integer::sum);
                }
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
