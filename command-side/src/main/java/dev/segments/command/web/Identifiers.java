package dev.segments.command.web;

import dev.segments.command.CommandRejectedException;
import dev.segments.events.segment.SegmentIdentity;

/** Checks client-supplied ids in request bodies (path ids are checked once for all endpoints). */
public final class Identifiers {

    private Identifiers() {
    }

    public static String check(String field, String id) {
        if (id == null || !SegmentIdentity.ID.matcher(id).matches()) {
            throw CommandRejectedException.invalid("Field '" + field
                    + "' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.");
        }
        return id;
    }
}
