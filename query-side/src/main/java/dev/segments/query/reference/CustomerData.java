package dev.segments.query.reference;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** What the replica knows of a customer: the names responses show next to its assignments. */
@Schema(name = "CustomerReferenceData")
public record CustomerData(
        @Size(max = CustomerData.MAX_TEXT, message = TOO_LONG) @StorableValue String firstName,
        @Size(max = CustomerData.MAX_TEXT, message = TOO_LONG) @StorableValue String lastName,
        @Size(max = CustomerData.MAX_TEXT, message = TOO_LONG) @StorableValue String email) {

    static final int MAX_TEXT = 255;
    static final String TOO_LONG = "must be at most {max} characters.";
}
