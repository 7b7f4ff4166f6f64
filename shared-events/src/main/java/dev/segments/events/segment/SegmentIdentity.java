package dev.segments.events.segment;

import java.util.regex.Pattern;

/**
 * A segment's id is unique per tenant only; the aggregate identifier in the event store joins both. The
 * separator cannot occur in either part (tenants are [a-z0-9], ids [A-Za-z0-9._~-]).
 */
public record SegmentIdentity(String tenant, String segmentId) {

    /** The aggregate type segments are stored under in the event store. */
    public static final String AGGREGATE_TYPE = "Segment";

    /** Tenants: lowercase, 3-16 characters, starting with a letter. */
    public static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9]{2,15}$");
    /** Client-supplied ids: case-sensitive, 1-64 URL-safe characters. */
    public static final String ID_REGEX = "^[A-Za-z0-9._~-]{1,64}$";
    public static final Pattern ID = Pattern.compile(ID_REGEX);

    public String aggregateId() {
        return tenant + ":" + segmentId;
    }

    /**
     * The segment an aggregate belongs to: its own aggregate, or one of its assignments' (whose identifiers
     * start with the segment's, see {@code CustomerAssignmentIdentity} and {@code ItemAssignmentIdentity}).
     */
    public static SegmentIdentity ofAggregate(String aggregateIdentifier) {
        int tenantEnd = aggregateIdentifier.indexOf(':');
        if (tenantEnd < 0) {
            throw new IllegalArgumentException("Not an aggregate of a segment: " + aggregateIdentifier);
        }
        int segmentEnd = aggregateIdentifier.indexOf(':', tenantEnd + 1);
        return new SegmentIdentity(aggregateIdentifier.substring(0, tenantEnd),
                aggregateIdentifier.substring(tenantEnd + 1, segmentEnd < 0 ? aggregateIdentifier.length() : segmentEnd));
    }
}
