package dev.segments.query;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells failures of the database that a retry can cure (a dropped or refused connection, a lock or statement
 * past its bound, a deadlock) from everything else. The web layer answers them with 503 and
 * {@code Retry-After} (the transaction was rolled back, and the same request may simply be sent again); the
 * projections retry them instead of parking the event as a dead letter.
 */
public final class DatabaseFailures {

    /** Lock wait, deadlock, serialization, idle in transaction, too many clients, server shutting down. */
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "40001", "40P01", "25P03", "53300", "57P01",
            "57P02", "57P03");
    /** A statement cut off by its timeout: the caller's doing for a search, the server's for a write. */
    private static final String STATEMENT_TIMEOUT = "57014";

    private DatabaseFailures() {
    }

    /**
     * Whether {@code failure}, or anything in its cause chain, is a transient database failure; a statement
     * timeout counts only when {@code timeoutIsTransient}. A transaction whose commit failed on a dropped
     * connection counts too (see {@link #outcomeUnknown}).
     */
    public static boolean isTransient(Throwable failure, boolean timeoutIsTransient) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return timeoutIsTransient || !timedOut(t);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
                    return true;
                }
                if (state.equals(STATEMENT_TIMEOUT)) {
                    return timeoutIsTransient;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} is a transaction that could neither commit nor roll back: its commit failed on a
     * dropped connection, and the rollback that followed on the connection the pool had closed meanwhile. Such a
     * commit may still have gone through (PostgreSQL can end a session with an error right after it committed
     * its transaction), so whether the transaction's changes are stored is unknown.
     */
    public static boolean outcomeUnknown(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof TransactionSystemException) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && STATEMENT_TIMEOUT.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
