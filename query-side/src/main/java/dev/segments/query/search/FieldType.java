package dev.segments.query.search;

/** How a searchable field is stored, which decides the SQL each construct compiles to. */
enum FieldType {
    /** A varchar/text column. */
    TEXT("text"),
    /** A jsonb map of language to text. */
    LOCALIZED("localized"),
    /** A bigint/numeric column. */
    NUMBER("numeric"),
    /** A timestamptz column. */
    DATE("date"),
    /** A boolean column. */
    BOOL("boolean"),
    /** A free-form jsonb document, searched by nested paths below the field name. */
    JSON("JSON");

    final String label;

    FieldType(String label) {
        this.label = label;
    }
}
