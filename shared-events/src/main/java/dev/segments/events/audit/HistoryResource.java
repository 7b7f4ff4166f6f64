package dev.segments.events.audit;

/**
 * What a history entry concerned: the segment, or one of its customer ({@code customerId}, {@code legalEntityId}
 * for B2B) or item ({@code itemType}, {@code itemId}) assignments. {@code forced} is set on a segment's deletion.
 */
public record HistoryResource(String segmentId, String customerId, String legalEntityId, String itemType,
                              String itemId, Boolean forced) {
}
