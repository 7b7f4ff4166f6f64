package dev.segments.command.consistency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds a command's response until the configured projections have processed the events it appended, so a
 * client that got a 2xx and then reads sees its write, also when the query role runs in another process.
 * The wait is bounded by {@code segments.consistency.timeout}; past it the caller is answered anyway (the
 * write is committed) and told so, because failing an acknowledged write would invite duplicate retries.
 *
 * <p>One poller thread serves all waiting requests, so the database sees two small queries per poll interval
 * (where the new waiters' events landed, and how far the processors are) however many requests wait. The poller
 * runs from context start to shutdown ({@link SmartLifecycle}).
 */
@Component
public class ReadYourWrites implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final JdbcTemplate jdbc;
    private final ProcessorPositions positions;
    private final ConsistencyProperties properties;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile Thread poller;
    private volatile boolean running;

    ReadYourWrites(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                   ConsistencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.positions = new ProcessorPositions(jdbc, serializer, properties.processors());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::poll, "read-your-writes-poller");
        thread.setDaemon(true);
        thread.start();
        poller = thread;
    }

    /** Answers whoever still waits (their writes are committed) and ends the poller. */
    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = poller;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        waiters.forEach(waiter -> waiter.done().complete(Outcome.TIMEOUT));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the web server has drained its requests (graceful shutdown runs at {@code DEFAULT_PHASE - 1024}),
     * so that waiting responses complete normally rather than as timeouts.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1536;
    }

    /** How a wait for the projections ended. */
    public enum Outcome {
        /** Every watched projection has applied the events. */
        VISIBLE,
        /** Every watched projection has processed the events, but one of them parked some as dead letters. */
        PARKED,
        /** The bound passed first. */
        TIMEOUT
    }

    /**
     * Completes when the events at the given (aggregate identifier, sequence number) positions are processed by
     * every watched projection, or with {@link Outcome#TIMEOUT} when the bound passes first. Nothing waits on a
     * thread meanwhile: the shared poller completes it.
     */
    public CompletableFuture<Outcome> whenProcessed(Map<String, Long> lastSequenceByAggregate) {
        if (lastSequenceByAggregate.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.VISIBLE);
        }
        Waiter waiter = new Waiter(lastSequenceByAggregate, new CompletableFuture<>());
        waiters.add(waiter);
        Thread thread = poller;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        return waiter.done().completeOnTimeout(Outcome.TIMEOUT, properties.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, failure) -> {
                    waiters.remove(waiter);
                    if (outcome == Outcome.TIMEOUT) {
                        log.warn("Projections {} did not reach the events of {} within {} (first: {})",
                                properties.processors(), lastSequenceByAggregate.size() == 1 ? "one stream"
                                        : lastSequenceByAggregate.size() + " streams", properties.timeout(),
                                lastSequenceByAggregate.entrySet().iterator().next());
                    }
                });
    }

    /** Like {@link #whenProcessed}, waiting on the calling thread. */
    public Outcome await(Map<String, Long> lastSequenceByAggregate) {
        try {
            return whenProcessed(lastSequenceByAggregate).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMEOUT;
        } catch (ExecutionException e) {
            return Outcome.TIMEOUT;
        }
    }

    private void poll() {
        while (running) {
            if (waiters.isEmpty()) {
                LockSupport.parkNanos(this, properties.pollInterval().toNanos() * 20);
                continue;
            }
            try {
                resolveGlobalIndexes();
                ProcessorPositions.Snapshot snapshot = positions.read();
                List<Waiter> processed = new ArrayList<>();
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter waiter = it.next();
                    if (waiter.globalIndex >= 0 && snapshot.covers(waiter.globalIndex)) {
                        processed.add(waiter);
                        it.remove();
                    }
                }
                Set<Waiter> parked = snapshot.parked() ? parked(processed) : Set.of();
                processed.forEach(waiter -> waiter.done().complete(parked.contains(waiter) ? Outcome.PARKED
                        : Outcome.VISIBLE));
            } catch (RuntimeException e) {
                log.warn("Could not read processor positions: {}", e.getMessage());
            }
            LockSupport.parkNanos(this, properties.pollInterval().toNanos());
        }
    }

    /** The waiters one of whose events a watched projection parked in the dead-letter queue. */
    private Set<Waiter> parked(List<Waiter> processed) {
        List<Integer> owners = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < processed.size(); i++) {
            int owner = i;
            processed.get(i).lastSequenceByAggregate().forEach((aggregate, sequence) -> {
                owners.add(owner);
                aggregates.add(aggregate);
                sequences.add(sequence);
            });
        }
        Set<Waiter> parked = new HashSet<>();
        jdbc.query("select distinct k.owner from unnest(?, ?, ?) as k(owner, aggregate_identifier, sequence_number) "
                        + "join dead_letter_entry d on d.aggregate_identifier = k.aggregate_identifier "
                        + "and d.sequence_number = k.sequence_number and d.processing_group = any (?)",
                rs -> {
                    parked.add(processed.get(rs.getInt(1)));
                }, owners.toArray(Integer[]::new), aggregates.toArray(String[]::new), sequences.toArray(Long[]::new),
                properties.processors().toArray(String[]::new));
        return parked;
    }

    /**
     * Finds where the events of newly arrived waiters landed in the global order: one statement for all of
     * them, an indexed lookup per (aggregate identifier, sequence number) through the store's unique key.
     */
    private void resolveGlobalIndexes() {
        List<Waiter> unresolved = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (Waiter waiter : waiters) {
            if (waiter.globalIndex < 0) {
                waiter.lastSequenceByAggregate().forEach((aggregate, sequence) -> {
                    owners.add(unresolved.size());
                    aggregates.add(aggregate);
                    sequences.add(sequence);
                });
                unresolved.add(waiter);
            }
        }
        if (unresolved.isEmpty()) {
            return;
        }
        long[] found = new long[unresolved.size()];
        Arrays.fill(found, -1);
        // lateral: one probe of the unique key per position, whatever the statistics say. As a plain join,
        // the 200 positions of one bulk request were planned as a hash join over the whole store (86 ms a poll)
        jdbc.query("select k.owner, max(e.global_index) from unnest(?, ?, ?) as k(owner, aggregate_identifier, "
                        + "sequence_number) cross join lateral (select d.global_index from domain_event_entry d "
                        + "where d.aggregate_identifier = k.aggregate_identifier and d.sequence_number = k.sequence_number) "
                        + "as e group by k.owner",
                rs -> {
                    found[rs.getInt(1)] = rs.getLong(2);
                },
                owners.toArray(Integer[]::new), aggregates.toArray(String[]::new), sequences.toArray(Long[]::new));
        for (int i = 0; i < found.length; i++) {
            if (found[i] < 0) {
                // committed before the wait began, yet not in the store: nothing was appended after all
                unresolved.get(i).done().complete(Outcome.VISIBLE);
            } else {
                unresolved.get(i).globalIndex = found[i];
            }
        }
    }

    /** A waiting response; the poller fills in the global index of its last event. */
    private static final class Waiter {

        private final Map<String, Long> lastSequenceByAggregate;
        private final CompletableFuture<Outcome> done;
        private volatile long globalIndex = -1;

        Waiter(Map<String, Long> lastSequenceByAggregate, CompletableFuture<Outcome> done) {
            this.lastSequenceByAggregate = lastSequenceByAggregate;
            this.done = done;
        }

        Map<String, Long> lastSequenceByAggregate() {
            return lastSequenceByAggregate;
        }

        CompletableFuture<Outcome> done() {
            return done;
        }
    }
}
