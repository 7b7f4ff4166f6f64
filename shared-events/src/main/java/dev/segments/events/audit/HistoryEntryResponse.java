package dev.segments.events.audit;

import java.time.Instant;
import java.util.List;

/**
 * One change of a segment, its assignments or its activation, as recorded in the event store: the stored event's
 * id, its integration event type, when it happened, which life of the segment id it belongs to
 * ({@code generation}), who asked for it and under which correlation id (null when the event does not say), what
 * it concerned, and for updates which fields changed.
 */
public record HistoryEntryResponse(String eventId, String type, Instant timestamp, long generation, String caller,
                                   String correlationId, HistoryResource resource, List<HistoryChange> changes) {
}
