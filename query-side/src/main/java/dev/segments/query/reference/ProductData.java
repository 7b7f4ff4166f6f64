package dev.segments.query.reference;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** What the replica knows of a product: its code and localized name. */
@Schema(name = "ProductReferenceData")
public record ProductData(
        @Size(max = CategoryData.MAX_CODE, message = CategoryData.TOO_LONG) @StorableValue String code,
        @Schema(description = "Language to name.") @StorableValue
        Map<String, @Size(max = CategoryData.MAX_TEXT, message = CategoryData.TOO_LONG) String> name) {
}
