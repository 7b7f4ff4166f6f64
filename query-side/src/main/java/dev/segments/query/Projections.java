package dev.segments.query;

import java.util.List;

/** The query side's projections by processing group: each is its own tracking processor with its own token. */
public final class Projections {

    public static final String SEGMENTS = "segment-projection";
    public static final String CUSTOMER_ASSIGNMENTS = "customer-assignment-projection";
    public static final String ITEM_ASSIGNMENTS = "item-assignment-projection";
    public static final List<String> ALL = List.of(SEGMENTS, CUSTOMER_ASSIGNMENTS, ITEM_ASSIGNMENTS);

    private Projections() {
    }
}
