package dev.segments.query.rebuild;

import dev.segments.query.DatabaseFailures;
import dev.segments.query.processing.Projection;
import dev.segments.query.processing.ProjectionWriter;
import jakarta.annotation.PreDestroy;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import dev.segments.query.processing.ProjectionTransactions;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a projection without read downtime (blue/green). The whole event store is read from its beginning,
 * through the same tx-id-filtered stream the live processors read, and handed to the same projection code, whose
 * writes land in fresh tables of a schema of the rebuild's own ({@link ShadowTables}), while the live tables keep
 * answering and the live processor keeps projecting. Each batch commits its rows together with the rebuild's
 * position ({@code projection_rebuild}), so a rebuild whose node died resumes where it stopped: automatically when
 * a query node starts, or on the next rebuild request. Once the rebuild has caught up with the head, one
 * transaction locks the live tables (ACCESS EXCLUSIVE: reads wait a moment, none sees a partial model) and the
 * live processor's token row, projects what the live processor had processed beyond the rebuild, swaps the tables,
 * and hands the live processor the rebuild's position: the token row gets the rebuild's token under an owner of
 * the rebuild's, so a live processor still holding an older position in memory fails its next commit (rolled
 * back) and claims the token again, from the rebuild's position. Positions never go back, so read-your-writes holds
 * across the switch. Only one rebuild runs at a time, on one node (a PostgreSQL advisory lock held for its whole
 * run). An event the projection cannot apply fails the rebuild (the live model is untouched); database outages
 * are retried.
 *
 * <p>Speed: events are read a whole batch per query ({@link RebuildEventSource}), the projection reads ahead what
 * its handlers look up for the batch ({@link Projection#prepare}), and the batch's inserts go to the shadow tables as
 * multi-row statements ({@link ProjectionWriter#multiRowInserts}): the rows are still decided by the projection's
 * own handlers, event by event, as the live processor decides them.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    /** The advisory lock that makes one rebuild run at a time in the whole deployment. */
    private static final long LOCK = 0x5245_4255_494cL;
    /** Owner of a live processor's token row right after a swap, until the processor claims it again. */
    static final String SWAP_OWNER = "projection-rebuild";
    private static final Duration SWAP_CATCH_UP = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final RebuildEventSource events;
    private final TransactionManager transactions;
    private final TransactionTemplate swapTransactions;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final ProjectionWriter writer;
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final int batchSize;
    private final Duration batchPause;
    private final Duration progressInterval;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String running;
    private volatile boolean stopping;
    private String liveSchema;

    ProjectionRebuilds(JdbcTemplate jdbc, RebuildEventSource events, ProjectionTransactions transactions,
                       PlatformTransactionManager platformTransactions, @Qualifier("serializer") Serializer serializer,
                       EventProcessingConfiguration processing, ProjectionWriter writer, List<Projection> projections,
                       @Value("${segments.rebuild.batch-size:5000}") int batchSize,
                       @Value("${segments.rebuild.batch-pause:0ms}") Duration batchPause,
                       @Value("${segments.rebuild.progress-interval:5s}") Duration progressInterval) {
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        this.events = events;
        this.transactions = transactions.manager();
        this.swapTransactions = new TransactionTemplate(platformTransactions);
        this.serializer = serializer;
        this.processing = processing;
        this.writer = writer;
        projections.forEach(projection -> this.projections.put(AnnotationUtils.findAnnotation(projection.getClass(),
                ProcessingGroup.class).value(), projection));
        this.batchSize = batchSize;
        this.batchPause = batchPause;
        this.progressInterval = progressInterval;
    }

    /** What a rebuild request came to. */
    public enum Outcome { STARTED, RESUMED, BUSY, UNKNOWN }

    public record Start(Outcome outcome, String message) {
    }

    /** The projections that can be rebuilt, by processing group. */
    public List<String> names() {
        return List.copyOf(projections.keySet());
    }

    /** The projection's latest rebuild, if it ever had one. */
    public Optional<RebuildStatus> status(String projection) {
        return jdbc.query("select * from projection_rebuild where projection = ?", (rs, row) -> status(rs),
                projection).stream().findFirst();
    }

    /** The event store's head (highest global index), against which progress and lag are counted. */
    public long head() {
        return jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
    }

    /**
     * Starts a rebuild of the projection in the background; BUSY while one runs (here or on another node). A
     * rebuild left unfinished by a node that died is resumed instead (RESUMED for this projection, BUSY naming the
     * other one otherwise).
     */
    public synchronized Start start(String projection) {
        if (!projections.containsKey(projection)) {
            return new Start(Outcome.UNKNOWN, "No projection named " + projection + ".");
        }
        if (running != null) {
            return new Start(Outcome.BUSY, "A rebuild of " + running + " is running.");
        }
        Connection lock = tryLock();
        if (lock == null) {
            return new Start(Outcome.BUSY, "A rebuild is running on another node.");
        }
        try {
            Optional<String> unfinished = unfinished();
            if (unfinished.isPresent()) {
                launch(unfinished.get(), lock);
                return unfinished.get().equals(projection) ? new Start(Outcome.RESUMED, "Resumed the unfinished "
                        + "rebuild of " + projection + ".") : new Start(Outcome.BUSY, "The unfinished rebuild of "
                        + unfinished.get() + " was resumed; request this one when it is done.");
            }
            shadow(projection).create();
            jdbc.update("""
                    insert into projection_rebuild (projection, state, shadow_schema, token, token_type, position,
                        processed, started_at, run_started_at, run_processed, updated_at, finished_at, error)
                    values (?, 'REBUILDING', ?, null, null, -1, 0, now(), now(), 0, now(), null, null)
                    on conflict (projection) do update set state = 'REBUILDING', shadow_schema = excluded.shadow_schema,
                        token = null, token_type = null, position = -1, processed = 0, started_at = now(),
                        run_started_at = now(), run_processed = 0, updated_at = now(), finished_at = null,
                        error = null""", projection, ShadowTables.schemaFor(projection));
            launch(projection, lock);
            return new Start(Outcome.STARTED, "Rebuilding " + projection + ".");
        } catch (RuntimeException e) {
            unlock(lock);
            throw e;
        }
    }

    /** A query node that starts resumes a rebuild that a node left unfinished when it stopped or died. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void resumeUnfinished() {
        Optional<String> unfinished = unfinished();
        if (unfinished.isEmpty() || running != null) {
            return;
        }
        Connection lock = tryLock();
        if (lock != null) {
            log.info("Resuming the unfinished rebuild of {}", unfinished.get());
            launch(unfinished.get(), lock);
        }
    }

    /** A stopping node leaves its rebuild as it stands (committed batch by batch); the next start resumes it. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private Optional<String> unfinished() {
        return jdbc.queryForList("select projection from projection_rebuild where state = 'REBUILDING' "
                + "order by started_at limit 1", String.class).stream().findFirst();
    }

    private void launch(String projection, Connection lock) {
        running = projection;
        executor.submit(() -> {
            try {
                new Run(projection).run();
            } finally {
                running = null;
                unlock(lock);
            }
        });
    }

    private ShadowTables shadow(String projection) {
        if (liveSchema == null) {
            liveSchema = jdbc.queryForObject("select current_schema()", String.class);
        }
        Projection target = projections.get(projection);
        return new ShadowTables(jdbc, projection, liveSchema, target.tables(), target.processorTables());
    }

    /** One run of a rebuild on this node: from its stored position to the swap. */
    private final class Run {

        private final String projection;
        private final ShadowTables shadow;
        private final Projection target;
        private final AnnotationEventHandlerAdapter handlers;
        private TrackingToken token;
        private long processed;
        private Stream<? extends TrackedEventMessage<?>> stream;
        private Iterator<? extends TrackedEventMessage<?>> pending;
        private Instant lastLog = Instant.now();

        Run(String projection) {
            this.projection = projection;
            this.shadow = shadow(projection);
            this.target = projections.get(projection);
            this.handlers = new AnnotationEventHandlerAdapter(target);
        }

        void run() {
            try {
                if (status(projection).map(status -> status.finishedAt() != null).orElse(false)) {
                    jdbc.update("update projection_rebuild set state = 'DONE' where projection = ?", projection);
                    log.info("Rebuild of {}: its tables were swapped in before its node stopped; done", projection);
                    return;
                }
                if (!shadow.exists()) {
                    throw new IllegalStateException("The rebuild's tables (schema " + shadow.schema() + ") are gone.");
                }
                restore();
                jdbc.update("update projection_rebuild set run_started_at = now(), run_processed = processed, "
                        + "updated_at = now() where projection = ?", projection);
                log.info("Rebuild of {} {} at position {} ({} events projected so far)", projection,
                        processed == 0 ? "starts" : "resumes", position(token), processed);
                int transientFailures = 0;
                while (!stopping) {
                    try {
                        List<TrackedEventMessage<?>> batch = next(Duration.ofMillis(200));
                        apply(batch);
                        logProgress(false);
                        if (batch.size() < batchSize && swap()) {
                            logProgress(true);
                            return;
                        }
                        transientFailures = 0;
                        if (!batch.isEmpty() && !batchPause.isZero()) {
                            Thread.sleep(batchPause.toMillis());
                        }
                    } catch (RuntimeException e) {
                        if (stopping || !DatabaseFailures.isTransient(e, true) || ++transientFailures > 30) {
                            throw e;
                        }
                        log.warn("Rebuild of {}: database failure, retrying from its last commit: {}", projection,
                                e.toString());
                        Thread.sleep(Math.min(30_000, 500L * transientFailures));
                        restore();
                    }
                }
                log.info("Rebuild of {} stops with this node at position {}; a node that starts resumes it",
                        projection, position(token));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.info("Rebuild of {} interrupted at position {}; a node that starts resumes it", projection,
                        position(token));
            } catch (Exception e) {
                if (stopping) {
                    log.info("Rebuild of {} stops with this node ({}); a node that starts resumes it", projection,
                            e.toString());
                } else {
                    fail(e);
                }
            } finally {
                close();
            }
        }

        /** The committed position and count, and a stream from there (after a failure: back to what committed). */
        private void restore() {
            close();
            jdbc.query("select token, token_type, processed from projection_rebuild where projection = ?", rs -> {
                byte[] bytes = rs.getBytes(1);
                String type = rs.getString(2);
                token = bytes == null || type == null ? null
                        : serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
                processed = rs.getLong(3);
            }, projection);
            open();
        }

        private void close() {
            if (stream != null) {
                stream.close();
                stream = null;
                pending = null;
            }
        }

        private void open() {
            stream = events.readEvents(token);
            pending = stream.iterator();
        }

        /**
         * Up to a batch of the events after the last one taken; none (after a pause of {@code wait}) when the store
         * has no more yet. A stream ends where the store ended when it read its last fetch: one reopened from the
         * last event taken brings what was appended since.
         */
        private List<TrackedEventMessage<?>> next(Duration wait) throws InterruptedException {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            boolean reopened = false;
            while (batch.size() < batchSize) {
                if (pending.hasNext()) {
                    batch.add(pending.next());
                } else if (reopened) {
                    break;
                } else {
                    close();
                    stream = events.readEvents(batch.isEmpty() ? token : batch.get(batch.size() - 1).trackingToken());
                    pending = stream.iterator();
                    reopened = true;
                }
            }
            if (batch.isEmpty()) {
                Thread.sleep(wait.toMillis());
            }
            return batch;
        }

        /**
         * Projects a batch into the rebuild's tables and records its position, in one transaction (or in the swap's,
         * when the swap catches up).
         */
        private void apply(List<TrackedEventMessage<?>> batch) {
            if (batch.isEmpty()) {
                return;
            }
            TrackingToken last = batch.get(batch.size() - 1).trackingToken();
            SerializedObject<byte[]> serialized = serializer.serialize(last, byte[].class);
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(transactions);
            unitOfWork.execute(() -> {
                jdbc.execute("set local search_path to " + shadow.searchPath());
                writer.multiRowInserts();
                target.prepare(batch);
                for (TrackedEventMessage<?> event : batch) {
                    try {
                        if (handlers.canHandle(event)) {
                            handlers.handle(event);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("Event " + event.getIdentifier() + " ("
                                + event.getPayloadType().getSimpleName() + ") cannot be projected by " + projection
                                + ": " + e.getMessage(), e);
                    }
                }
                jdbc.update("update projection_rebuild set token = ?, token_type = ?, position = ?, "
                                + "processed = processed + ?, updated_at = now() where projection = ?",
                        serialized.getData(), serialized.getType().getName(), position(last), batch.size(),
                        projection);
            });
            token = last;
            processed += batch.size();
        }

        /**
         * Swaps the rebuilt tables in, once caught up with the live processor under the live tables' locks; false
         * (nothing changed) when it could not catch up within a few seconds or the locks were not granted, and the
         * rebuild goes on to try again.
         */
        private boolean swap() throws InterruptedException {
            shadow.analyze();
            TrackingEventProcessor local = processing.eventProcessor(projection, TrackingEventProcessor.class)
                    .orElse(null);
            boolean[] localHolder = {false};
            TrackingToken before = token;
            long processedBefore = processed;
            Boolean swapped;
            try {
                swapped = swapTransactions.execute(status -> {
                    shadow.lock();
                    List<TrackingToken> live = jdbc.query("select token, token_type from token_entry "
                            + "where processor_name = ? for update", (rs, row) -> {
                                byte[] bytes = rs.getBytes(1);
                                String type = rs.getString(2);
                                return bytes == null || type == null ? null : serializer.<byte[], TrackingToken>deserialize(
                                        new SimpleSerializedObject<>(bytes, byte[].class, type, null));
                            }, projection);
                    Instant deadline = Instant.now().plus(SWAP_CATCH_UP);
                    while (!live.stream().allMatch(liveToken -> covers(token, liveToken))) {
                        if (Instant.now().isAfter(deadline) || stopping) {
                            status.setRollbackOnly();
                            return false;
                        }
                        try {
                            apply(next(Duration.ofMillis(10)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            status.setRollbackOnly();
                            return false;
                        }
                        jdbc.execute("set local search_path to " + shadow.liveSearchPath());
                    }
                    localHolder[0] = local != null && !local.processingStatus().isEmpty();
                    shadow.swap();
                    // the rebuild projected every event up to its position, the parked ones too
                    jdbc.update("delete from dead_letter_entry where processing_group = ?", projection);
                    handOver(live.isEmpty());
                    // DONE once the live processor has the rebuild's position (below); a node that dies before
                    // then leaves it to the next one to find the swap made (finished_at) and say so
                    jdbc.update("update projection_rebuild set finished_at = now(), updated_at = now() "
                            + "where projection = ?", projection);
                    return true;
                });
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e, true)) {
                    throw e;
                }
                log.info("Rebuild of {}: the swap did not get its locks ({}); trying again", projection, e.toString());
                swapped = false;
            }
            if (!Boolean.TRUE.equals(swapped)) {
                if (token != before || processed != processedBefore) {
                    // what the swap's catch-up projected was rolled back with it
                    restore();
                }
                return false;
            }
            close();
            shadow.drop();
            if (localHolder[0]) {
                handBack(local);
            }
            jdbc.update("update projection_rebuild set state = 'DONE', updated_at = now() where projection = ?",
                    projection);
            log.info("Rebuild of {} done: {} events projected; the rebuilt tables are live at position {}", projection,
                    processed, position(token));
            return true;
        }

        /**
         * This node's live processor held the token: it finds the token taken at its next commit or claim extension
         * (within a second when idle), rolls that batch back and lets the segment go; the token is then given free,
         * and the processor claims it again at its next claim attempt, from the rebuild's position. A processor of
         * another node does the same once the rebuild's claim expires (the token claim timeout).
         */
        private void handBack(TrackingEventProcessor local) throws InterruptedException {
            Instant deadline = Instant.now().plus(SWAP_CATCH_UP);
            while (!local.processingStatus().isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            if (local.processingStatus().isEmpty()) {
                jdbc.update("update token_entry set owner = null where processor_name = ? and owner = ?", projection,
                        SWAP_OWNER);
            } else {
                log.warn("Rebuild of {}: the live processor did not let its old position go; it claims the rebuild's "
                        + "when the rebuild's claim expires", projection);
            }
        }

        /** The live processor's token becomes the rebuild's, held by the rebuild until the processor claims it. */
        private void handOver(boolean noTokenYet) {
            if (token == null) {
                return;
            }
            SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
            String now = Instant.now().toString();
            if (noTokenYet) {
                jdbc.update("insert into token_entry (processor_name, segment, token, token_type, timestamp, owner) "
                                + "values (?, 0, ?, ?, ?, ?)", projection, serialized.getData(),
                        serialized.getType().getName(), now, SWAP_OWNER);
            } else {
                jdbc.update("update token_entry set token = ?, token_type = ?, timestamp = ?, owner = ? "
                                + "where processor_name = ?", serialized.getData(), serialized.getType().getName(), now,
                        SWAP_OWNER, projection);
            }
        }

        private void fail(Exception e) {
            log.error("Rebuild of {} failed at position {}; the live tables are untouched", projection,
                    position(token), e);
            String message = String.valueOf(e.getMessage());
            try {
                jdbc.update("update projection_rebuild set state = 'FAILED', error = ?, finished_at = now(), "
                        + "updated_at = now() where projection = ?", message.length() > 2000
                        ? message.substring(0, 2000) : message, projection);
                close();
                shadow.drop();
            } catch (RuntimeException recording) {
                log.error("Could not record the failed rebuild of {}", projection, recording);
            }
        }

        private void logProgress(boolean done) {
            Instant now = Instant.now();
            if (!done && Duration.between(lastLog, now).compareTo(progressInterval) < 0) {
                return;
            }
            lastLog = now;
            status(projection).ifPresent(status -> {
                RebuildStatus.Progress progress = status.progress(head());
                log.info("Rebuild of {}: {} / {} events ({}%), {} events/s, ETA {} s", projection,
                        progress.processed(), progress.total(), progress.percent(), progress.eventsPerSecond(),
                        progress.etaSeconds() == null ? "?" : progress.etaSeconds());
            });
        }
    }

    /** Whether {@code rebuild} has processed everything {@code live} has. */
    static boolean covers(TrackingToken rebuild, TrackingToken live) {
        TrackingToken current = live instanceof ReplayToken replay ? replay.getCurrentToken() : live;
        if (current == null) {
            return true;
        }
        if (rebuild == null) {
            return false;
        }
        return rebuild.covers(current);
    }

    static long position(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex();
        }
        return token == null ? -1 : token.position().orElse(-1);
    }

    /**
     * The session that holds the rebuild's advisory lock for as long as it runs: a connection of its own beside the
     * pool (sized for requests and processors), which it would otherwise hold for the whole rebuild.
     */
    private Connection lockSession() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            Properties properties = new Properties();
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            properties.setProperty("ApplicationName", "segment-service-rebuild-lock");
            return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        }
        return dataSource.getConnection();
    }

    private Connection tryLock() {
        try {
            Connection connection = lockSession();
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, LOCK);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return connection;
                    }
                }
            }
            connection.close();
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the rebuild lock: " + e.getMessage(), e);
        }
    }

    private static void unlock(Connection lock) {
        try (lock) {
            try (PreparedStatement statement = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                statement.setLong(1, LOCK);
                statement.execute();
            }
        } catch (SQLException e) {
            log.warn("Could not release the rebuild lock (it goes with its connection): {}", e.toString());
        }
    }

    private static RebuildStatus status(ResultSet rs) throws SQLException {
        return new RebuildStatus(rs.getString("projection"), rs.getString("state"), rs.getLong("position"),
                rs.getLong("processed"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("run_started_at")), rs.getLong("run_processed"),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
