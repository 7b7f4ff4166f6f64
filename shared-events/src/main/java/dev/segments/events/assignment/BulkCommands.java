package dev.segments.events.assignment;

import java.util.List;

/** What every bulk assignment command requires of its entries. */
public final class BulkCommands {

    private BulkCommands() {
    }

    /** The segment an entry addresses: tenant, segment id and the segment's generation. */
    public record Address(String tenant, String segmentId, long generation) {
    }

    /** A bulk command has at least one entry, and all its entries address one segment of one tenant. */
    public static Address requireOneSegment(List<Address> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("A bulk command needs at least one entry");
        }
        Address first = addresses.get(0);
        if (!addresses.stream().allMatch(first::equals)) {
            throw new IllegalArgumentException("A bulk command addresses one segment of one tenant");
        }
        return first;
    }
}
