package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentUpdatedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Races, many rounds each, the contenders released together by a barrier: upserts with the same
 * {@code metadata.version} (exactly one wins, and the final version counts every round exactly), creates of
 * the same id (exactly one 201), and a forced delete against concurrent bulk and single customer assignments
 * and against item assignments. After every round of the latter no assignment outlives the delete: no view
 * row, no assignment event stored after the deletion, registry and views agree, and the id created again
 * starts empty; at the end the consistency check finds no divergence.
 */
class RaceIntegrationTest extends IntegrationTestBase {

    static final int ROUNDS = 30;
    static final int CONTENDERS = 4;
    static final int MAX_PAUSE_MILLIS = 50;
    static final String DELETED_EVENT = "dev.segments.events.segment.SegmentDeletedEvent";
    static final String CREATED_EVENT = "dev.segments.events.segment.SegmentCreatedEvent";

    @Autowired
    JdbcTemplate jdbc;

    String tenant;
    String base;
    Api api;
    Operator operator;
    ExecutorService pool;
    Random random;

    @BeforeEach
    void newTenantAndContenders() {
        tenant = newTenant();
        base = "/customer-segment/" + tenant + "/segments";
        api = api(tenant, MANAGE + " " + READ);
        operator = new Operator(port);
        pool = Executors.newFixedThreadPool(CONTENDERS + 1);
        random = new Random(11);
    }

    @AfterEach
    void stopContenders() {
        pool.shutdownNow();
    }

    @Test
    void letsExactlyOneOfConcurrentUpsertsWithTheSameVersionWinInEveryRound() {
        assertThat(api.post(base, segment("contended", "round 0")).status()).isEqualTo(201);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int version = round;
            List<String> names = IntStream.range(0, CONTENDERS).mapToObj(w -> "round " + version + " writer " + w)
                    .toList();
            List<Api.Response> responses = race(names.stream().<Supplier<Api.Response>>map(name -> () -> api.put(
                    base + "/contended", Map.of("name", Map.of("en", name), "siteCode", "main",
                            "metadata", Map.of("version", version)))).toList());
            responses.forEach(response -> statuses.merge(response.status(), 1, Integer::sum));
            assertThat(responses.stream().map(Api.Response::status).sorted().toList()).as("round " + round)
                    .containsExactly(204, 409, 409, 409);
            responses.stream().filter(response -> response.status() == 409).forEach(conflict ->
                    assertThat(conflict.json().get("message").asText()).contains("has changed"));
            String winner = names.get(responses.stream().map(Api.Response::status).toList().indexOf(204));
            JsonNode read = api.get(base + "/contended").json();
            assertThat(read.at("/metadata/version").asInt()).isEqualTo(round + 1);
            assertThat(read.at("/name/en").asText()).isEqualTo(winner);
        }
        // one creation and one update per round; activation bookkeeping (activated on create, deactivated by the
        // first PUT, which leaves out the status) is not part of the race
        long events = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type in (?, ?)", Long.class, tenant + ":contended",
                SegmentCreatedEvent.class.getName(), SegmentUpdatedEvent.class.getName());
        assertThat(events).isEqualTo(ROUNDS + 1);
        assertThat(operator.divergences(tenant)).isZero();
        Operator.log("same version: %d rounds x %d concurrent PUTs with metadata.version: statuses %s; final version "
                + "%d (expected %d); %d events in the stream; consistency check: 0 divergences", ROUNDS, CONTENDERS,
                statuses, api.get(base + "/contended").json().at("/metadata/version").asInt(), ROUNDS + 1, events);
    }

    @Test
    void createsAnIdExactlyOnceWhenConcurrentPostsRaceForIt() {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String id = "dup" + round;
            List<Api.Response> responses = race(IntStream.range(0, CONTENDERS).<Supplier<Api.Response>>mapToObj(
                    w -> () -> api.post(base, segment(id, "writer " + w))).toList());
            responses.forEach(response -> statuses.merge(response.status(), 1, Integer::sum));
            assertThat(responses.stream().map(Api.Response::status).sorted().toList()).as("round " + round)
                    .containsExactly(201, 409, 409, 409);
            assertThat(api.get(base + "/" + id).json().at("/metadata/version").asInt()).isEqualTo(1);
        }
        List<String> listed = Json.ids(api.get(base + "?pageSize=1000").json());
        assertThat(listed).hasSize(ROUNDS).doesNotHaveDuplicates();
        List<Long> createdPerStream = jdbc.queryForList("select count(*) from domain_event_entry where "
                + "aggregate_identifier like ? and payload_type = ? group by aggregate_identifier", Long.class,
                tenant + ":%", CREATED_EVENT);
        assertThat(createdPerStream).hasSize(ROUNDS).containsOnly(1L);
        assertThat(operator.divergences(tenant)).isZero();
        Operator.log("same id: %d rounds x %d concurrent POSTs: statuses %s; %d segments listed, none twice; one "
                + "creation event per stream; consistency check: 0 divergences", ROUNDS, CONTENDERS, statuses,
                listed.size());
    }

    @Test
    void forceDeleteRacingBulkCustomerAssignmentsNeverLeavesAnOrphan() {
        forceDeleteRaces("bulk customer assignments", (round, writer) -> {
            List<Map<String, Object>> entries = IntStream.range(0, 50).mapToObj(i -> Map.<String, Object>of(
                    "customerId", "r" + round + "-w" + writer + "-c" + i)).toList();
            return List.of(api.put(base + "/contested/customers/bulk", entries));
        });
    }

    @Test
    void forceDeleteRacingSingleCustomerAssignmentsNeverLeavesAnOrphan() {
        forceDeleteRaces("single customer assignments", (round, writer) -> {
            List<Api.Response> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String customer = "r" + round + "-w" + writer + "-c" + i;
                responses.add(api.put(base + "/contested/customers/" + customer + (i == 2 ? "/le1" : ""),
                        Map.of("mixins", Map.of("i", i))));
            }
            return responses;
        });
    }

    @Test
    void forceDeleteRacingItemAssignmentsNeverLeavesAnOrphan() {
        forceDeleteRaces("item assignments", (round, writer) -> {
            if (writer % 2 == 0) {
                List<Api.Response> responses = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    responses.add(api.put(base + "/contested/items/PRODUCT/r" + round + "-w" + writer + "-p" + i,
                            Map.of()));
                }
                return responses;
            }
            List<Map<String, Object>> entries = IntStream.range(0, 10).mapToObj(i -> Map.<String, Object>of(
                    "id", "r" + round + "-w" + writer + "-k" + i)).toList();
            return List.of(api.put(base + "/contested/items/CATEGORY/bulk", entries));
        });
    }

    /** The assignment writes one contender sends in one round, in order. */
    private interface Writes {
        List<Api.Response> send(int round, int writer);
    }

    /**
     * Rounds of: create the segment again (it must start empty), give it an assignment of each kind so a delete
     * needs force, then release a forced delete and {@value #CONTENDERS} contenders writing assignments together
     * (each after a random pause of up to {@value #MAX_PAUSE_MILLIS} ms, so the delete lands before, between and
     * after their writes), and check that nothing of the segment's assignments outlived the delete.
     */
    private void forceDeleteRaces(String what, Writes writes) {
        String segment = base + "/contested";
        Map<String, Integer> outcomes = new TreeMap<>();
        int acknowledgedEntries = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int generation = round;
            assertThat(api.post(base, segment("contested", "round " + round)).status()).isEqualTo(201);
            assertThat(api.get(segment + "/customers").json()).as("customers of generation " + round).isEmpty();
            assertThat(api.get(segment + "/items").json()).as("items of generation " + round).isEmpty();
            assertThat(jdbc.queryForObject("select generation from segment_registry where tenant = ? "
                    + "and segment_id = 'contested' and live", Long.class, tenant)).isEqualTo(generation);
            assertThat(api.put(segment + "/customers/seed", Map.of()).status()).isEqualTo(201);
            assertThat(api.put(segment + "/items/PRODUCT/seed", Map.of()).status()).isEqualTo(201);
            assertThat(api.delete(segment).status()).as("a delete without force").isEqualTo(400);

            int deletePause = random.nextInt(MAX_PAUSE_MILLIS);
            List<Supplier<List<Api.Response>>> contenders = new ArrayList<>();
            contenders.add(() -> {
                sleep(deletePause);
                return List.of(api.delete(segment + "?forceDelete=true"));
            });
            for (int writer = 0; writer < CONTENDERS; writer++) {
                int w = writer;
                int pause = random.nextInt(MAX_PAUSE_MILLIS);
                contenders.add(() -> {
                    sleep(pause);
                    return writes.send(generation, w);
                });
            }
            List<List<Api.Response>> responses = race(contenders);

            Api.Response delete = responses.get(0).get(0);
            assertThat(delete.status()).as(delete.toString()).isEqualTo(204);
            for (List<Api.Response> writer : responses.subList(1, responses.size())) {
                for (Api.Response response : writer) {
                    String outcome = outcome(response);
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (response.status() == 207) {
                        for (JsonNode entry : response.json()) {
                            outcomes.merge("entry " + entry.get("code").asInt(), 1, Integer::sum);
                            acknowledgedEntries += entry.get("code").asInt() / 100 == 2 ? 1 : 0;
                        }
                    } else if (response.status() / 100 == 2) {
                        acknowledgedEntries++;
                    }
                }
            }

            operator.awaitProjectionsCaughtUp(Duration.ofSeconds(30));
            assertThat(api.get(segment).status()).isEqualTo(404);
            assertThat(Invariants.assignmentRows(jdbc, tenant, "contested")).as("orphaned rows after round " + round)
                    .isZero();
            assertThat(jdbc.queryForObject("select live from segment_registry where tenant = ? "
                    + "and segment_id = 'contested'", Boolean.class, tenant)).isFalse();
            assertThat(assignmentEventsAfterTheDeletion(generation)).as("assignment events stored after the deletion "
                    + "in round " + round).isZero();
            assertThat(Invariants.registryAndViewDisagreements(jdbc, tenant)).as("round " + round).isEmpty();
        }
        // created once more: empty, and a delete without force goes through
        assertThat(api.post(base, segment("contested", "after")).status()).isEqualTo(201);
        assertThat(api.get(segment + "/customers").json()).isEmpty();
        assertThat(api.get(segment + "/items").json()).isEmpty();
        assertThat(api.delete(segment).status()).isEqualTo(204);

        long divergences = operator.divergences(tenant);
        assertThat(divergences).isZero();
        Operator.log("force delete vs %s: %d rounds, %d contenders each; outcomes %s; %,d writes acknowledged "
                + "(all before their round's delete); orphaned rows: 0; assignment events after a delete: 0; "
                + "re-created segment empty %d/%d; registry and views agree; consistency check: %d divergences",
                what, ROUNDS, CONTENDERS, outcomes, acknowledgedEntries, ROUNDS + 1, ROUNDS + 1, divergences);
    }

    /** A write's outcome as logged: its status, 2xx or 404 (the segment was gone), or a failure of the test. */
    private static String outcome(Api.Response response) {
        int status = response.status();
        assertThat(status).as(response.toString()).isIn(201, 204, 207, 404, 503);
        if (status == 503) {
            assertThat(response.header("Retry-After")).isNotNull();
        }
        if (status == 207) {
            for (JsonNode entry : response.json()) {
                assertThat(entry.get("code").asInt()).as(entry.toString()).isIn(201, 204, 404);
            }
        }
        return String.valueOf(status);
    }

    /** Assignment events of the generation appended after the segment's latest deletion. */
    private long assignmentEventsAfterTheDeletion(int generation) {
        return jdbc.queryForObject("select count(*) from domain_event_entry a where a.aggregate_identifier like ? "
                + "and a.global_index > (select max(d.global_index) from domain_event_entry d "
                + "where d.aggregate_identifier = ? and d.payload_type = ?)", Long.class,
                tenant + ":contested:" + generation + ":%", tenant + ":contested", DELETED_EVENT);
    }

    /** Runs the calls at once, released together by a barrier, and answers their results in order. */
    private <T> List<T> race(List<Supplier<T>> calls) {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<T>> running = new ArrayList<>();
        for (Supplier<T> call : calls) {
            running.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return call.get();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> result : running) {
            try {
                results.add(result.get(120, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("a contender failed", e);
            }
        }
        return results;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
