package dev.segments.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Invariants of one tenant's stored state that hold whatever happened to the service, read straight from
 * the database: the command side's registry and the query side's views describe the same segments and
 * assignments.
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * Where the command-side registry ({@code segment_registry}, {@code segment_assignment_registry}) and the
     * views disagree: every live segment has a {@code segment_view} row and no other does; the assignments
     * registered for a live segment's current generation are exactly its view rows, and no segment that is not
     * live has any. Empty when they agree.
     */
    static List<String> registryAndViewDisagreements(JdbcTemplate jdbc, String tenant) {
        Set<String> liveSegments = new TreeSet<>(jdbc.queryForList("select segment_id from segment_registry "
                + "where tenant = ? and live", String.class, tenant));
        Set<String> viewedSegments = new TreeSet<>(jdbc.queryForList("select id from segment_view where tenant = ?",
                String.class, tenant));
        Set<String> registered = new TreeSet<>(jdbc.queryForList("select r.segment_id || ' ' || a.assignment_key "
                + "from segment_registry r join segment_assignment_registry a on a.tenant = r.tenant "
                + "and a.segment_id = r.segment_id and a.generation = r.generation where r.tenant = ? and r.live",
                String.class, tenant));
        Set<String> viewed = new TreeSet<>(jdbc.queryForList("select segment_id || ' customer:' || customer_id "
                + "|| coalesce(':' || nullif(legal_entity_id, ''), '') from customer_assignment_view where tenant = ? "
                + "union all select segment_id || ' item:' || item_type || ':' || item_id from item_assignment_view "
                + "where tenant = ?", String.class, tenant, tenant));
        List<String> disagreements = new ArrayList<>();
        difference(liveSegments, viewedSegments, "live in the registry but not in segment_view", disagreements);
        difference(viewedSegments, liveSegments, "in segment_view but not live in the registry", disagreements);
        difference(registered, viewed, "registered but not in the views", disagreements);
        difference(viewed, registered, "in the views but not registered for a live generation", disagreements);
        return disagreements;
    }

    /** How many assignment rows the views hold for a segment. */
    static long assignmentRows(JdbcTemplate jdbc, String tenant, String segmentId) {
        return jdbc.queryForObject("select (select count(*) from customer_assignment_view where tenant = ? "
                + "and segment_id = ?) + (select count(*) from item_assignment_view where tenant = ? and segment_id = ?)",
                Long.class, tenant, segmentId, tenant, segmentId);
    }

    private static void difference(Set<String> these, Set<String> those, String what, List<String> found) {
        these.stream().filter(item -> !those.contains(item)).forEach(item -> found.add(item + ": " + what));
    }
}
