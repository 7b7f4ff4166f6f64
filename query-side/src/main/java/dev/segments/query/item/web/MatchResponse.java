package dev.segments.query.item.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.segments.events.item.MatchingProductsResponse.MatchReason;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A matching product; with {@code explain=true}, every segment and category path that made it match. */
@Schema(name = "MatchResult", description = "A matching product (the reference's MatchItem).")
@JsonInclude(JsonInclude.Include.NON_NULL)
record MatchResponse(
        @Schema(description = "Id of the product.") String id,
        @Schema(description = "Only with explain=true: why the product matched.") List<MatchReason> matchedBy) {
}
