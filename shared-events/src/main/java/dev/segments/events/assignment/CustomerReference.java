package dev.segments.events.assignment;

/** A customer as assignment responses show it; names come from the replica when known. */
public record CustomerReference(String id, String firstName, String lastName, String email) {
}
