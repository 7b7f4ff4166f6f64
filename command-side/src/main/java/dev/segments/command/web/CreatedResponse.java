package dev.segments.command.web;

/** The body of a 201: the id of the resource the request created (generated when the client gave none). */
public record CreatedResponse(String id) {
}
