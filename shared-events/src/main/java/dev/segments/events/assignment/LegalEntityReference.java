package dev.segments.events.assignment;

/** A legal entity as assignment responses show it; the name comes from the replica when known. */
public record LegalEntityReference(String id, String name) {
}
