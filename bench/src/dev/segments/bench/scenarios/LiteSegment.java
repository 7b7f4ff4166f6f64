package dev.segments.bench.scenarios;

import static dev.segments.bench.scenarios.Seg.EPOCH;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** A segment with only the fields the assignment and item scenarios filter on. */
record LiteSegment(String id, String site, String status, Instant from, Instant to) {

    /** Today, midnight UTC: validity windows "around now" span it. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS);

    /** An ACTIVE segment of site main without validity (the assignment scenarios' segments). */
    static LiteSegment active(String id) {
        return new LiteSegment(id, "main", "ACTIVE", null, null);
    }

    /** Own-list segments: ACTIVE 85%; validity none 50%, current 40%, expired 10%. */
    static LiteSegment own(int i) {
        SplittableRandom r = new SplittableRandom(i * 1_000_003L + 5);
        String status = r.nextInt(100) < 85 ? "ACTIVE" : "INACTIVE";
        int v = r.nextInt(10);
        return withValidity(String.format("ol-%05d", i), "site" + r.nextInt(10), status, v, 5);
    }

    /** Item segments: site main 80% (else outlet), ACTIVE 90%; validity none 70%, current 20%, expired 10%. */
    static LiteSegment item(int i) {
        SplittableRandom r = new SplittableRandom(i * 1_000_003L + 11);
        String site = r.nextInt(10) < 8 ? "main" : "outlet";
        String status = r.nextInt(10) < 9 ? "ACTIVE" : "INACTIVE";
        return withValidity(String.format("it-%04d", i), site, status, r.nextInt(10), 7);
    }

    /** {@code v} (0-9) below {@code none}: no validity; 9: expired (2023); else current (around {@link #NOW}). */
    private static LiteSegment withValidity(String id, String site, String status, int v, int none) {
        return new LiteSegment(id, site, status,
                v < none ? null : v < 9 ? NOW.minus(100, ChronoUnit.DAYS) : EPOCH,
                v < none ? null : v < 9 ? NOW.plus(300, ChronoUnit.DAYS) : EPOCH.plus(180, ChronoUnit.DAYS));
    }

    boolean liveAt(Instant now) {
        return status.equals("ACTIVE") && (from == null || !from.isAfter(now)) && (to == null || to.isAfter(now));
    }

    String json() {
        return "{\"id\":\"" + id + "\",\"name\":{\"en\":\"Segment " + id + "\"},\"siteCode\":\"" + site
                + "\",\"status\":\"" + status + "\""
                + (from == null ? "" : ",\"validity\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}") + "}";
    }
}
