package dev.segments.query.search;

import java.util.List;

/**
 * A field path from {@code q} or {@code sort} resolved against the schema: the field and what is
 * left of the path below it (the language of a localized field, the keys inside a JSON field).
 */
record FieldRef(SearchField field, List<String> subPath, String path, int index) {

    FieldType type() {
        return field.type();
    }

    String column() {
        return field.column();
    }

    /** The language of a localized field, or {@code null} when the path names no language. */
    String language() {
        return subPath.isEmpty() ? null : subPath.get(0);
    }
}
