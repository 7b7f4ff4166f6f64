package dev.segments.command.consistency;

import jakarta.annotation.PreDestroy;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds a command's response until the configured projections have processed the events it appended, so a
 * client that got a 2xx and then reads sees its write, also when the query role runs in another process.
 * The wait is bounded by {@code segments.consistency.timeout}; past it the caller is answered anyway (the
 * write is committed) and told so, because failing an acknowledged write would invite duplicate retries.
 *
 * <p>One poller thread serves all waiting requests, so the database sees one small query per poll interval
 * however many requests wait.
 */
@Component
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final JdbcTemplate jdbc;
    private final ProcessorPositions positions;
    private final ConsistencyProperties properties;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread poller;
    private volatile boolean running = true;

    ReadYourWrites(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer,
                   ConsistencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.positions = new ProcessorPositions(jdbc, serializer, properties.processors());
        this.poller = new Thread(this::poll, "read-your-writes-poller");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /**
     * Waits until the events at the given (aggregate identifier, sequence number) positions are processed.
     *
     * @return true when they were processed in time, false when the bound was exceeded
     */
    public boolean await(Map<String, Long> lastSequenceByAggregate) {
        if (lastSequenceByAggregate.isEmpty()) {
            return true;
        }
        Long globalIndex = globalIndexOf(lastSequenceByAggregate);
        if (globalIndex == null) {
            return true;
        }
        Waiter waiter = new Waiter(globalIndex, new CompletableFuture<>());
        waiters.add(waiter);
        LockSupport.unpark(poller);
        try {
            waiter.done().get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("Projections {} did not reach event {} within {}", properties.processors(), globalIndex,
                    properties.timeout());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            waiters.remove(waiter);
        }
    }

    private Long globalIndexOf(Map<String, Long> lastSequenceByAggregate) {
        // one indexed lookup per position, via the unique (aggregate_identifier, sequence_number) key
        return jdbc.queryForObject("select max(e.global_index) from unnest(?, ?) as k(aggregate_identifier, "
                + "sequence_number) join domain_event_entry e on e.aggregate_identifier = k.aggregate_identifier "
                + "and e.sequence_number = k.sequence_number", Long.class,
                lastSequenceByAggregate.keySet().toArray(String[]::new),
                lastSequenceByAggregate.values().toArray(Long[]::new));
    }

    private void poll() {
        while (running) {
            if (waiters.isEmpty()) {
                LockSupport.parkNanos(this, properties.pollInterval().toNanos() * 20);
                continue;
            }
            try {
                ProcessorPositions.Snapshot snapshot = positions.read();
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter waiter = it.next();
                    if (snapshot.covers(waiter.globalIndex())) {
                        waiter.done().complete(null);
                        it.remove();
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not read processor positions: {}", e.getMessage());
            }
            LockSupport.parkNanos(this, properties.pollInterval().toNanos());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        LockSupport.unpark(poller);
        waiters.forEach(waiter -> waiter.done().complete(null));
    }

    private record Waiter(long globalIndex, CompletableFuture<Void> done) {
    }
}
