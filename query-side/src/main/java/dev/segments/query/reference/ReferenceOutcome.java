package dev.segments.query.reference;

/** What a change of reference data did to the replica. */
public enum ReferenceOutcome {
    /** Stored something the replica did not know. */
    CREATED,
    /** Replaced what the replica knew (or stored the same again: a redelivery changes nothing). */
    UPDATED,
    /** Removed it (or it was already gone). */
    DELETED,
    /** Older than what the replica holds or has deleted: ignored. */
    STALE
}
