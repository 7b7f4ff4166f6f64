package dev.segments.query;

import dev.segments.query.search.CompiledSearch;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One list query over a projection: the compiled {@code q} plus any further conditions, ordered by the
 * compiled {@code sort}, cut to a page, and counted when the caller asked for the total.
 */
public final class PageQuery {

    private final CompiledSearch search;
    private final StringBuilder conditions;
    private final List<Object> parameters;

    private PageQuery(CompiledSearch search) {
        this.search = search;
        this.conditions = new StringBuilder(" and (").append(search.where()).append(')');
        this.parameters = new ArrayList<>(search.whereParameters());
    }

    public static PageQuery of(CompiledSearch search) {
        return new PageQuery(search);
    }

    /** Adds {@code and <condition>} with its parameters. */
    public PageQuery and(String condition, Object... values) {
        conditions.append(" and ").append(condition);
        parameters.addAll(List.of(values));
        return this;
    }

    /** The conditions so far, for helpers that append their own (see {@link SegmentFilters}). */
    public StringBuilder conditions() {
        return conditions;
    }

    public List<Object> parameters() {
        return parameters;
    }

    /**
     * Runs {@code select + from + conditions + order + page}, where {@code from} ends in a WHERE clause that
     * takes {@code fromParameters}.
     */
    public <T> Page<T> fetch(JdbcTemplate jdbc, String select, String from, List<Object> fromParameters,
                             int pageNumber, int pageSize, boolean withTotal, RowMapper<T> rowMapper) {
        List<Object> all = new ArrayList<>(fromParameters);
        all.addAll(parameters);
        all.addAll(search.orderParameters());
        all.add(pageSize);
        all.add((long) (pageNumber - 1) * pageSize);
        List<T> rows = jdbc.query(select + " " + from + conditions + " order by " + search.orderBy()
                + " limit ? offset ?", rowMapper, all.toArray());
        Long total = null;
        if (withTotal) {
            List<Object> countParameters = new ArrayList<>(fromParameters);
            countParameters.addAll(parameters);
            total = jdbc.queryForObject("select count(*) " + from + conditions, Long.class,
                    countParameters.toArray());
        }
        return new Page<>(rows, total);
    }

    /** A page of rows and, when asked for, the number of all matching rows. */
    public record Page<T>(List<T> rows, Long total) {
    }
}
