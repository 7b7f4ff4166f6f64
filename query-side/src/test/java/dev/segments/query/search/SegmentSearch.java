package dev.segments.query.search;

/** The segment list endpoint's schema, as the query side configures it; shared by the tests. */
final class SegmentSearch {

    static final SearchSchema SCHEMA = SearchSchema.builder()
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
