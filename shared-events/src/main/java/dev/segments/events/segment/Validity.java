package dev.segments.events.segment;

import java.time.Instant;

/** Time window in which a segment applies; either end may be open (null). */
public record Validity(Instant from, Instant to) {

    public boolean contains(Instant moment) {
        return (from == null || !moment.isBefore(from)) && (to == null || moment.isBefore(to));
    }
}
