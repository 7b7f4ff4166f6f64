package dev.segments.command.assignment.web;

import dev.segments.command.web.FreeFormLimits;
import dev.segments.command.web.MetadataRequest;
import dev.segments.command.web.ResourceId;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * One entry of a bulk customer assignment request: the customer (and legal entity, for B2B) and, for an upsert,
 * what the assignment carries; a bulk removal reads only the ids.
 */
@Schema(name = "CustomerAssignmentBulkEntry")
record CustomerAssignmentEntry(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull(message = "is required.") @ResourceId
        String customerId,
        @ResourceId String legalEntityId,
        @Schema(description = "Free-form JSON, at most 64 KB and 16 levels deep.") @FreeFormLimits
        Map<String, Object> mixins,
        @Valid MetadataRequest metadata) {
}
