package dev.segments.bench.core;

import java.util.Arrays;

/** Sizes and durations from SEGMENTS_BENCH_* environment variables: the default when unset or blank. */
public final class Env {

    private Env() {
    }

    /** A whole number; underscores are allowed as separators (100_000). */
    public static int intValue(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim().replace("_", ""));
    }

    public static double doubleValue(String name, double fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }

    /** A comma list of whole numbers, such as client counts ("4,16"). */
    public static int[] intList(String name, String fallback) {
        String v = System.getenv(name);
        return Arrays.stream((v == null || v.isBlank() ? fallback : v).split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }
}
