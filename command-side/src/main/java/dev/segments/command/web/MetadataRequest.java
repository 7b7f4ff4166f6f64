package dev.segments.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import java.util.Map;

/**
 * The client-owned part of a resource's {@code metadata} in a write: the version the client last saw (a
 * write with another current version is refused with 409) and mixin schema URLs.
 */
@Schema(name = "MetadataUpdate")
public record MetadataRequest(
        @Schema(description = "The version the client last read; when it differs from the stored one the write is "
                + "refused with 409.", minimum = "1")
        @Positive(message = "must be a positive integer.") Long version,
        @Schema(description = "Mixin names mapped to the URLs of their JSON schemas.")
        @FreeFormLimits Map<String, Object> mixins) {
}
