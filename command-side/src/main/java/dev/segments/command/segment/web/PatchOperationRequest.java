package dev.segments.command.segment.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/** One RFC 6902 operation of a JSON Patch. */
@Schema(name = "PatchOperation")
record PatchOperationRequest(
        @Schema(allowableValues = {"add", "remove", "replace"}, requiredMode = Schema.RequiredMode.REQUIRED) String op,
        @Schema(description = "A JSON pointer below /name, /description, /validity, /status, /siteCode, /mixins or "
                + "/metadata/mixins.", example = "/status", requiredMode = Schema.RequiredMode.REQUIRED) String path,
        @Schema(description = "The value to add or replace with (any JSON); with Content-Language, a plain text for "
                + "/name or /description sets that language's translation only.") JsonNode value) {
}
