package dev.segments.bench.scenarios;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A full segment of the writes scenario and the seed (~400 bytes: names en/de, description, validity, mixins),
 * drawn from a random generator: 10 sites, 70% ACTIVE, names {@code Gold 123}/{@code Gold-Kunden 123} over 5
 * tiers, 80% with a validity window, mixins {@code {"tier":{"level":0..9},"region":...}}.
 */
record Seg(String id, String nameEn, String nameDe, String descEn, String status, String site, Instant from,
           Instant to, int level, String region) {

    static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");
    private static final String[] TIER_EN = {"Gold", "Silver", "Bronze", "Platinum", "Diamond"};
    private static final String[] TIER_DE = {"Gold", "Silber", "Bronze", "Platin", "Diamant"};
    private static final String[] REGIONS = {"north", "south", "east", "west", "central", "islands"};

    static Seg of(String id, SplittableRandom r) {
        int tier = r.nextInt(TIER_EN.length);
        int num = r.nextInt(1000);
        Instant from = null;
        Instant to = null;
        if (r.nextInt(10) < 8) {
            from = EPOCH.plus(r.nextInt(700), ChronoUnit.DAYS);
            to = from.plus(30 + r.nextInt(900), ChronoUnit.DAYS);
        }
        return new Seg(id, TIER_EN[tier] + " " + num, TIER_DE[tier] + "-Kunden " + num,
                r.nextBoolean() ? "Customers of the " + TIER_EN[tier].toLowerCase(Locale.ROOT) + " program, cohort " + num : null,
                r.nextInt(10) < 7 ? "ACTIVE" : "INACTIVE", "site" + r.nextInt(10), from, to, r.nextInt(10),
                REGIONS[r.nextInt(REGIONS.length)]);
    }

    String nameJson() {
        return "{\"en\":\"" + nameEn + "\",\"de\":\"" + nameDe + "\"}";
    }

    String descriptionJson() {
        return descEn == null ? null : "{\"en\":\"" + descEn + "\"}";
    }

    String validityJson() {
        return from == null ? null : "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
    }

    String mixinsJson() {
        return "{\"tier\":{\"level\":" + level + "},\"region\":\"" + region + "\"}";
    }

    String apiJson() {
        return "{\"id\":\"" + id + "\",\"name\":" + nameJson()
                + (descEn == null ? "" : ",\"description\":" + descriptionJson())
                + ",\"siteCode\":\"" + site + "\",\"status\":\"" + status + "\""
                + (from == null ? "" : ",\"validity\":" + validityJson())
                + ",\"mixins\":" + mixinsJson() + "}";
    }

    /** The SegmentCreatedEvent payload as the service stores it (Jackson, see domain_event_entry.payload). */
    String eventJson(String tenant, Instant createdAt) {
        return "{\"tenant\":\"" + tenant + "\",\"segmentId\":\"" + id + "\",\"details\":{\"name\":" + nameJson()
                + ",\"description\":" + descriptionJson() + ",\"validity\":" + validityJson() + ",\"status\":\""
                + status + "\",\"siteCode\":\"" + site + "\",\"mixins\":" + mixinsJson()
                + ",\"metadataMixins\":null},\"version\":1,\"createdAt\":\"" + createdAt + "\"}";
    }
}
