package dev.segments.query.reference;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** What the replica knows of a legal entity: its name. */
@Schema(name = "LegalEntityReferenceData")
public record LegalEntityData(
        @Size(max = CustomerData.MAX_TEXT, message = CustomerData.TOO_LONG) @StorableValue String name) {
}
