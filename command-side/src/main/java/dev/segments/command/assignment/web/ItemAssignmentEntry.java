package dev.segments.command.assignment.web;

import dev.segments.command.web.FreeFormLimits;
import dev.segments.command.web.MetadataRequest;
import dev.segments.command.web.ResourceId;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** One entry of a bulk item assignment upsert: the item's id and what the assignment carries. */
@Schema(name = "ItemAssignmentBulkEntry")
record ItemAssignmentEntry(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull(message = "is required.") @ResourceId String id,
        @Schema(description = "Free-form JSON, at most 64 KB and 16 levels deep.") @FreeFormLimits
        Map<String, Object> mixins,
        @Valid MetadataRequest metadata) {
}
