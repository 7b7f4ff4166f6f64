package dev.segments.query;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;

/**
 * What every projection does the same way: it takes every event, and it empties its table when its processor
 * is reset for a rebuild. Subclasses handle the events they project; Axon prefers their handlers to the
 * catch-all here.
 */
public abstract class Projection {

    /** The table a projection owns, emptied by one statement rather than row by row. */
    public interface Rows {
        void deleteAllInBulk();
    }

    private final Rows rows;

    protected Projection(Rows rows) {
        this.rows = rows;
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

    @ResetHandler
    void reset() {
        rows.deleteAllInBulk();
    }
}
