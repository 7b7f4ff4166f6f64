package dev.segments.query.search;

/** One whitelisted field: its API name, how it is stored and the trusted SQL column behind it. */
record SearchField(String name, FieldType type, String column) {
}
