package dev.segments.query.item.web;

import dev.segments.events.segment.SegmentIdentity;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Which of these products belong to some of these segments on this site. The reference calls the site
 * {@code site} in its schema and {@code siteCode} in its example; both are accepted.
 */
@Schema(name = "Match")
record MatchRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required.") @Size(max = MatchController.MAX_ITEMS, message = "takes at most {max} entries.")
        List<@NotNull(message = "must be an object with an 'id'.") @Valid MatchItem> items,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required.") @Size(max = MatchController.MAX_SEGMENTS, message = "takes at most {max} entries.")
        List<@NotNull(message = ID_RULE) @Pattern(regexp = SegmentIdentity.ID_REGEX, message = ID_RULE) String>
                segmentIds,
        @Schema(description = "The site; required unless siteCode is given.") String site,
        @Schema(description = "The site, as the reference's example names it.") String siteCode) {

    static final String ID_RULE = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.";

    /** A product of the cart. */
    @Schema(name = "MatchItem")
    record MatchItem(
            @Schema(description = "Id of the product.", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull(message = ID_RULE) @Pattern(regexp = SegmentIdentity.ID_REGEX, message = ID_RULE) String id) {
    }

    String siteOrCode() {
        return siteCode != null && !siteCode.isBlank() ? siteCode : site;
    }
}
