package dev.segments.query;

import dev.segments.query.processing.BatchIsolation;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;

/**
 * What every projection does the same way: it takes every event, runs each handler so that a failed batch can
 * be retried one event at a time ({@link BatchIsolation}), and empties its table when its processor is reset
 * for a rebuild. Subclasses handle the events they project; Axon prefers their handlers to the catch-all here.
 */
public abstract class Projection {

    /** The table a projection owns, emptied by one statement rather than row by row. */
    public interface Rows {
        void deleteAllInBulk();
    }

    private final Rows rows;
    private final BatchIsolation isolation;

    protected Projection(Rows rows, BatchIsolation isolation) {
        this.rows = rows;
        this.isolation = isolation;
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

    @ResetHandler
    void reset() {
        rows.deleteAllInBulk();
        forgetState();
    }

    /** What else a projection keeps and must forget when it is rebuilt from the event store. */
    protected void forgetState() {
    }
}
