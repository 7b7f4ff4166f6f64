package dev.segments.bench.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Formatting for the report and log, and the little JSON handling the harness needs. */
public final class Text {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private Text() {
    }

    /** Grouped thousands, {@code decimals} places, "-" for NaN. */
    public static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** URL-encodes a query parameter value (spaces as %20). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Occurrences of {@code needle} in {@code text}. */
    public static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Every "id" value of a JSON answer, in order. */
    public static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** "same N ids" when the API and the SQL returned the same ids in the same order, else "DIFFERENT (a vs b)". */
    public static String sameIds(List<String> api, List<String> db) {
        return api.equals(db) ? "same " + api.size() + " ids" : "DIFFERENT (" + api.size() + " vs " + db.size() + ")";
    }

    /** A JSON array of already serialized elements. */
    public static String jsonArray(Collection<String> elements) {
        return "[" + String.join(",", elements) + "]";
    }

    /** A JSON array of {"id": ...} objects, as bulk item assignments and match requests take them. */
    public static String idObjects(Collection<String> ids) {
        return jsonArray(ids.stream().map(id -> "{\"id\":\"" + id + "\"}").toList());
    }
}
