package dev.segments.query.search;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the web layer when a failed SQL statement was the caller's fault (answer 400) rather
 * than the server's: a query that ran past the statement timeout, or a value PostgreSQL refused.
 * The compiler already rejects regular expressions PostgreSQL would refuse; this is the backstop.
 */
public final class QueryFailures {

    private static final Map<String, String> BAD_INPUT = Map.of(
            "2201B", "The query contains a regular expression the database cannot use",
            "57014", "The query took too long; narrow it down",
            "22P02", "A value in the query has the wrong format",
            "22003", "A number in the query is out of range",
            "22008", "A date in the query is out of range",
            "22007", "A date in the query has the wrong format");

    private QueryFailures() {
    }

    /**
     * The client-facing message when {@code failure} (or any exception in its cause chain, such as
     * the SQLException inside a Spring DataAccessException) comes from bad query input.
     */
    public static Optional<String> badInputMessage(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && BAD_INPUT.containsKey(sql.getSQLState())) {
                return Optional.of(BAD_INPUT.get(sql.getSQLState()));
            }
        }
        return Optional.empty();
    }

    public static boolean isBadInput(Throwable failure) {
        return badInputMessage(failure).isPresent();
    }
}
