package dev.segments.query.search;

import java.util.List;

/**
 * Builds SQL/JSON path text. The result is always sent as a bind parameter, never spliced into
 * SQL; escaping here keeps user text from changing the shape of the path itself.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** {@code $."a"."b"}: every key quoted, so any key text is safe. */
    static String path(List<String> keys) {
        StringBuilder path = new StringBuilder("$");
        for (String key : keys) {
            path.append('.').append(string(key));
        }
        return path.toString();
    }

    /** A double-quoted jsonpath string literal. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
