package dev.segments.query.segment;

import dev.segments.query.search.SearchSchema;

/**
 * The fields segment lists can be filtered and sorted by, mapped to {@code segment_view} (alias {@code s}).
 * Public so the engine's tests and the benchmark compile exactly what the service runs.
 */
public final class SegmentSearch {

    public static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("id", "s.id")
            .localized("name", "s.name")
            .localized("description", "s.description")
            .text("status", "s.status")
            .text("siteCode", "s.site_code")
            .date("validity.from", "s.validity_from")
            .date("validity.to", "s.validity_to")
            .json("mixins", "s.mixins")
            .number("metadata.version", "s.version")
            .date("metadata.createdAt", "s.created_at")
            .date("metadata.modifiedAt", "s.modified_at")
            .json("metadata.mixins", "s.metadata_mixins")
            .tieBreaker("s.id")
            .build();

    private SegmentSearch() {
    }
}
