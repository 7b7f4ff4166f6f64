package dev.segments.events.segment;

/** One RFC 6902 operation; {@code value} is plain JSON data (maps, lists, strings, numbers, booleans). */
public record PatchOperation(String op, String path, Object value) {
}
