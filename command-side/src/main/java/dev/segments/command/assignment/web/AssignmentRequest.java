package dev.segments.command.assignment.web;

import dev.segments.command.web.FreeFormLimits;
import dev.segments.command.web.MetadataRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.util.Map;

/** What a customer or item assignment upsert may carry: mixins, and metadata (version check, mixin schemas). */
@Schema(name = "AssignmentUpsert")
record AssignmentRequest(
        @Schema(description = "Free-form JSON, at most 64 KB and 16 levels deep.") @FreeFormLimits
        Map<String, Object> mixins,
        @Valid MetadataRequest metadata) {

    static final AssignmentRequest EMPTY = new AssignmentRequest(null, null);

    Map<String, Object> metadataMixins() {
        return metadata == null ? null : metadata.mixins();
    }

    Long expectedVersion() {
        return metadata == null ? null : metadata.version();
    }
}
