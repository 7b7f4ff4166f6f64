package dev.segments.command.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.command.assignment.AssignmentCommands;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.command.web.RequestReader;
import dev.segments.command.web.WriteResponses;
import dev.segments.events.AuditMetadata;
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemType;
import dev.segments.events.item.UnassignItemCommand;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Item assignment writes: upsert and delete of a PRODUCT or CATEGORY, and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/items/{type}")
@Tag(name = "Items Assignments")
class ItemAssignmentCommandController {

    private final AssignmentCommands commands;
    private final WriteResponses responses;
    private final RequestReader reader;

    ItemAssignmentCommandController(AssignmentCommands commands, WriteResponses responses, RequestReader reader) {
        this.commands = commands;
        this.responses = responses;
        this.reader = reader;
    }

    @Operation(summary = "Assign a product or category", description = "Assigns the item to the segment, or "
            + "replaces what the assignment carries: 201 when assigned, 204 when updated. With metadata.version, an "
            + "assignment at another version is 409; a segment that does not exist is 404.")
    @ApiResponse(responseCode = "201", description = "Assigned")
    @ApiResponse(responseCode = "204", description = "Updated")
    @PutMapping(path = "/{itemId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Void>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                                   @PathVariable ItemType type, @PathVariable String itemId,
                                                   @Valid @RequestBody(required = false) AssignmentRequest body,
                                                   @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        AssignmentRequest upsert = body == null ? AssignmentRequest.EMPTY : body;
        return responses.createdOrUpdatedWithoutBody(commands.assignItem(audit, segmentId,
                commands.generation(tenant, segmentId), type, itemId, upsert.mixins(), upsert.metadataMixins(),
                upsert.expectedVersion()));
    }

    @Operation(summary = "Remove a product's or category's assignment", description = "Removing an assignment "
            + "that does not exist is 204; a segment that does not exist is 404.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{itemId}")
    CompletableFuture<ResponseEntity<Void>> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                                     @PathVariable ItemType type, @PathVariable String itemId,
                                                     @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        return responses.respond(HttpStatus.NO_CONTENT, List.of(commands.unassignItem(audit, segmentId,
                commands.generation(tenant, segmentId), type, itemId)), null);
    }

    @Operation(summary = "Assign products or categories in bulk", description = "At most 200 entries, decided one "
            + "after the other in one transaction (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = ItemAssignmentEntry.class), maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> assignAll(
            @PathVariable String tenant, @PathVariable String segmentId, @PathVariable ItemType type,
            @RequestBody List<JsonNode> body, @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = commands.generation(tenant, segmentId);
        return responses.bulkTogether(body, entry -> reader.read(entry, ItemAssignmentEntry.class),
                entry -> new AssignItemCommand(new ItemAssignmentIdentity(audit.tenant(), segmentId, generation, type,
                        entry.id()), entry.mixins(), entry.metadata() == null ? null : entry.metadata().mixins(),
                        entry.metadata() == null ? null : entry.metadata().version()),
                assignments -> commands.assignItems(audit, assignments));
    }

    @Operation(summary = "Remove products' or categories' assignments in bulk", description = "At most 200 item "
            + "ids, removed in one transaction (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(type = "string"), maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> unassignAll(
            @PathVariable String tenant, @PathVariable String segmentId, @PathVariable ItemType type,
            @RequestBody List<JsonNode> body, @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = commands.generation(tenant, segmentId);
        return responses.bulkTogether(body, entry -> reader.id(entry, "an item id"),
                itemId -> new UnassignItemCommand(new ItemAssignmentIdentity(audit.tenant(), segmentId, generation, type,
                        itemId)), removals -> commands.unassignItems(audit, removals));
    }
}
