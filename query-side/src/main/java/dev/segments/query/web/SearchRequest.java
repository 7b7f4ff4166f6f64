package dev.segments.query.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of a {@code POST .../search}: the query, which may be long, so it travels in the body. */
@Schema(name = "SegmentsSearch")
public record SearchRequest(
        @Schema(description = "A query such as `status:ACTIVE AND name.en:~summer`.") String q) {
}
