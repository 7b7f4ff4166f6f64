package dev.segments.query.processing;

import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;

/**
 * What every projection does the same way: it takes every event, writes through the batch's
 * {@link ProjectionWriter}, runs each handler so that a failed batch can be retried one event at a time
 * ({@link BatchIsolation}), and empties its tables when its processor is reset for a rebuild. Subclasses
 * handle the events they project; Axon prefers their handlers to the catch-all here. Each declares the tables it
 * owns, and the shared tables where it keeps rows of its own (keyed by a {@code processor} column), so that an
 * operator's rebuild can build them anew beside the live ones and swap them in, whatever the projection.
 */
public abstract class Projection {

    protected final ProjectionWriter writer;
    private final BatchIsolation isolation;
    private final List<String> tables;

    protected Projection(ProjectionWriter writer, BatchIsolation isolation, String... tables) {
        this.writer = writer;
        this.isolation = isolation;
        this.tables = List.of(tables);
    }

    /**
     * Takes every other event too, so each batch commits this processor's position. A tracking processor
     * stops asking the stream for payload types it has no handler for, and its stored position then only
     * moves with the next event it does handle: read-your-writes, which waits on stored positions, would
     * stall on every write this projection does not care about.
     */
    @EventHandler
    void on(EventMessage<?> otherEvent) {
        // nothing to project; taking the message rather than the payload leaves the payload serialized
    }

    @MessageHandlerInterceptor
    Object isolated(InterceptorChain chain) throws Exception {
        return isolation.handle(chain);
    }

    /**
     * Called once with all the events of a batch before they are handled one by one, inside the batch's unit of
     * work: a projection may read ahead at once what its handlers would otherwise look up one event at a time.
     * Must not write, nor decide anything the handlers decide.
     */
    public void prepare(List<? extends EventMessage<?>> batch) {
    }

    /** The tables this projection owns entirely (its read model). */
    public List<String> tables() {
        return tables;
    }

    /**
     * Shared tables holding rows of this projection's own next to other projections', told apart by their
     * {@code processor} column (the processing group); none unless a projection says so.
     */
    public List<String> processorTables() {
        return List.of();
    }

    @ResetHandler
    void reset() {
        tables.forEach(table -> writer.jdbc().update("delete from " + table));
        forgetState();
    }

    /** What else a projection keeps and must forget when it is rebuilt from the event store. */
    protected void forgetState() {
    }
}
