package dev.segments.query.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL fragments for one request, to be placed as {@code WHERE ... AND (where) ORDER BY orderBy}.
 * The JDBC parameters of {@code where} come before those of {@code orderBy}, as in the SQL text.
 *
 * @param where           a boolean SQL expression; {@code true} when {@code q} is blank
 * @param whereParameters values for the {@code ?} in {@code where}, in order
 * @param orderBy         never empty: the requested keys, then the schema's tie-breaker ascending
 * @param orderParameters values for the {@code ?} in {@code orderBy}, in order
 */
public record CompiledSearch(String where, List<Object> whereParameters, String orderBy, List<Object> orderParameters) {

    public CompiledSearch {
        whereParameters = Collections.unmodifiableList(new ArrayList<>(whereParameters));
        orderParameters = Collections.unmodifiableList(new ArrayList<>(orderParameters));
    }

    /** The parameters of {@code where} followed by those of {@code orderBy}. */
    public List<Object> parameters() {
        List<Object> all = new ArrayList<>(whereParameters);
        all.addAll(orderParameters);
        return Collections.unmodifiableList(all);
    }
}
