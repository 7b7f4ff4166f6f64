package dev.segments.query.reference;

import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.Validity;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** What the replica knows of a category: its place in the tree and what category trees show of it. */
@Schema(name = "CategoryReferenceData")
public record CategoryData(
        @Schema(description = "The parent category; none for a root.")
        @Pattern(regexp = SegmentIdentity.ID_REGEX, message = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', "
                + "'~', '-'.") String parentId,
        @Size(max = MAX_CODE, message = TOO_LONG) @StorableValue String code,
        @StorableValue Map<String, @Size(max = MAX_TEXT, message = TOO_LONG) String> name,
        @StorableValue Map<String, @Size(max = MAX_TEXT, message = TOO_LONG) String> localizedDescription,
        @StorableValue Map<String, @Size(max = MAX_TEXT, message = TOO_LONG) String> localizedSlug,
        @StorableValue List<@Size(max = MAX_TEXT, message = TOO_LONG) String> ecn,
        Validity validity,
        Integer position,
        Boolean published) {

    static final int MAX_TEXT = 1_000;
    /** Codes of categories and products: their columns hold 255 characters. */
    static final int MAX_CODE = 255;
    static final String TOO_LONG = "must be at most {max} characters.";
}
