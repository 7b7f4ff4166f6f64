package dev.segments.query;

import dev.segments.events.segment.SegmentMembership;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * SQL conditions on {@code segment_view} (alias {@code s}) shared by every query that is limited to some
 * segments: the ones a customer belongs to, and the ones active at a moment.
 */
public final class SegmentFilters {

    private SegmentFilters() {
    }

    /**
     * Limits to segments the membership's customer is assigned to, directly or through the listed legal
     * entities (any, when the list is null), and to segments active at its moment when it has one.
     */
    public static void member(SegmentMembership membership, StringBuilder sql, List<Object> parameters) {
        member(membership, null, sql, parameters);
    }

    /**
     * {@link #member(SegmentMembership, StringBuilder, List)} as it was at {@code asOf} (from the audit
     * projection's assignment versions; {@code s} is then a segment version), or now when it is null.
     */
    public static void member(SegmentMembership membership, Instant asOf, StringBuilder sql, List<Object> parameters) {
        if (membership == null) {
            return;
        }
        sql.append(" and exists (select 1 from ").append(asOf == null ? "customer_assignment_view"
                : "customer_assignment_version").append(" a where a.tenant = s.tenant "
                + "and a.segment_id = s.id and a.customer_id = ?");
        parameters.add(membership.customerId());
        if (asOf != null) {
            at("a", asOf, sql, parameters);
        }
        if (membership.legalEntityIds() != null) {
            sql.append(" and (a.legal_entity_id = '' or a.legal_entity_id = any (?))");
            parameters.add(membership.legalEntityIds().toArray(String[]::new));
        }
        sql.append(')');
        active(membership.activeAt(), sql, parameters);
    }

    /**
     * Limits a version table (alias {@code alias}) to the versions current at {@code moment}: valid_from <= moment
     * < valid_to. Of two versions that began at the same instant, the earlier one's interval is empty, so the
     * later one is the state at that instant.
     */
    public static void at(String alias, Instant moment, StringBuilder sql, List<Object> parameters) {
        Timestamp at = Timestamp.from(moment);
        sql.append(" and ").append(alias).append(".valid_from <= ? and (").append(alias).append(".valid_to is null or ")
                .append(alias).append(".valid_to > ?)");
        parameters.add(at);
        parameters.add(at);
    }

    /** Limits to segments that are ACTIVE and inside their validity window at {@code moment} (if not null). */
    public static void active(Instant moment, StringBuilder sql, List<Object> parameters) {
        if (moment == null) {
            return;
        }
        Timestamp now = Timestamp.from(moment);
        sql.append(" and s.status = 'ACTIVE' and (s.validity_from is null or s.validity_from <= ?) "
                + "and (s.validity_to is null or s.validity_to > ?)");
        parameters.add(now);
        parameters.add(now);
    }
}
