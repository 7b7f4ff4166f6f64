package dev.segments.events.audit;

/**
 * One changed field of an update: its JSON pointer in the resource as the API returns it (nested mixins and each
 * translation of a localized field have a path of their own) and its value before and after (absent: not set).
 */
public record HistoryChange(String path, Object before, Object after) {
}
