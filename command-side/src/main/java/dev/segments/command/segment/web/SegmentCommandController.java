package dev.segments.command.segment.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.segment.SegmentCommands;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.command.web.CreatedResponse;
import dev.segments.command.web.LanguageTag;
import dev.segments.command.web.RequestReader;
import dev.segments.command.web.WriteResponses;
import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.PatchOperation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Segment writes: create, upsert, JSON Patch, delete and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
@Tag(name = "Segments")
class SegmentCommandController {

    private final SegmentCommands commands;
    private final WriteResponses responses;
    private final RequestReader reader;
    private final ObjectMapper mapper;

    SegmentCommandController(SegmentCommands commands, WriteResponses responses, RequestReader reader,
                             ObjectMapper mapper) {
        this.commands = commands;
        this.responses = responses;
        this.reader = reader;
        this.mapper = mapper;
    }

    @Operation(summary = "Create a segment", description = "Creates a segment; its id is generated when the body "
            + "has none. An id in use by a live segment is 409; a deleted segment's id may be used again.")
    @ApiResponse(responseCode = "201", description = "Created")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<CreatedResponse>> create(
            @PathVariable String tenant, @Valid @RequestBody SegmentRequest body,
            @Parameter(description = "The language of localized fields sent as plain text.")
            @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false) @LanguageTag String contentLanguage,
            @AuthenticationPrincipal Jwt token) {
        Change change = create(AuditContext.of(tenant, token), body, language(contentLanguage));
        return responses.respond(HttpStatus.CREATED, List.of(change), new CreatedResponse(change.id()));
    }

    @Operation(summary = "Create or replace a segment", description = "Replaces the whole segment (fields left out "
            + "are removed), or creates it: 201 with its id when created, 204 when replaced. With metadata.version, "
            + "a segment at another version is 409.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "204", description = "Replaced")
    @PutMapping(path = "/{segmentId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<CreatedResponse>> upsert(
            @PathVariable String tenant, @PathVariable String segmentId, @Valid @RequestBody SegmentRequest body,
            @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false) @LanguageTag String contentLanguage,
            @AuthenticationPrincipal Jwt token) {
        return responses.createdOrUpdated(upsert(AuditContext.of(tenant, token), segmentId, body,
                language(contentLanguage)));
    }

    @Operation(summary = "Patch a segment", description = "Applies a JSON Patch (RFC 6902 add, remove, replace) to "
            + "the segment's client-owned fields. An invalid patch, or a result that is not a valid segment, is 400 and "
            + "changes nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = PatchOperationRequest.class))))
    @ApiResponse(responseCode = "204", description = "Patched")
    @PatchMapping(path = "/{segmentId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/json-patch+json"})
    CompletableFuture<ResponseEntity<Void>> patch(
            @PathVariable String tenant, @PathVariable String segmentId, @RequestBody List<JsonNode> body,
            @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false) @LanguageTag String contentLanguage,
            @AuthenticationPrincipal Jwt token) {
        List<PatchOperation> operations = patchOperations(body, language(contentLanguage));
        Change change = commands.patch(AuditContext.of(tenant, token), segmentId, operations);
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @Operation(summary = "Delete a segment", description = "Deletes the segment; one that has assignments only "
            + "with forceDelete=true, which removes them too. Deleting a segment that does not exist is 204.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{segmentId}")
    CompletableFuture<ResponseEntity<Void>> delete(
            @PathVariable String tenant, @PathVariable String segmentId,
            @RequestParam(defaultValue = "false") boolean forceDelete, @AuthenticationPrincipal Jwt token) {
        Change change = commands.delete(AuditContext.of(tenant, token), segmentId, forceDelete);
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @Operation(summary = "Create segments in bulk", description = "At most 200 segments; each is created on its "
            + "own (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = SegmentRequest.class), maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @PostMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> createAll(
            @PathVariable String tenant, @RequestBody List<JsonNode> body,
            @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false) @LanguageTag String contentLanguage,
            @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return responses.bulk(body, entry -> reader.read(entry, SegmentRequest.class),
                segment -> create(audit, segment, language), SegmentCommandController::idOf);
    }

    @Operation(summary = "Create or replace segments in bulk", description = "At most 200 segments, each with its "
            + "id; each is created or replaced on its own (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = SegmentRequest.class), maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> upsertAll(
            @PathVariable String tenant, @RequestBody List<JsonNode> body,
            @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false) @LanguageTag String contentLanguage,
            @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return responses.bulk(body, entry -> reader.read(entry, SegmentRequest.class), segment -> {
            if (segment.id() == null) {
                throw CommandRejectedException.invalid("Field 'id' is required.");
            }
            return upsert(audit, segment.id(), segment, language);
        }, SegmentCommandController::idOf);
    }

    @Operation(summary = "Delete segments in bulk", description = "At most 200 segment ids; each is deleted on its "
            + "own (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(type = "string"), maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> deleteAll(
            @PathVariable String tenant, @RequestBody List<JsonNode> body,
            @RequestParam(defaultValue = "false") boolean forceDelete, @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        return responses.bulk(body, entry -> reader.id(entry, "a segment id"),
                segmentId -> commands.delete(audit, segmentId, forceDelete), SegmentCommandController::idOf);
    }

    private Change create(AuditMetadata audit, SegmentRequest body, String language) {
        return commands.create(audit, body.id() == null ? UUID.randomUUID().toString() : body.id(),
                body.details(language));
    }

    private Change upsert(AuditMetadata audit, String segmentId, SegmentRequest body, String language) {
        return commands.upsert(audit, segmentId, body.details(language), body.expectedVersion());
    }

    private static String idOf(JsonNode entry) {
        return entry != null && entry.isTextual() ? entry.textValue()
                : entry != null && entry.isObject() && entry.path("id").isTextual() ? entry.get("id").textValue() : null;
    }

    /**
     * The patch's operations; with Content-Language, a plain text for {@code /name} or {@code /description}
     * adds or replaces that language's translation only, keeping the others.
     */
    private List<PatchOperation> patchOperations(List<JsonNode> body, String language) {
        List<PatchOperation> operations = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            if (node == null || !node.isObject() || !node.path("op").isTextual() || !node.path("path").isTextual()) {
                throw CommandRejectedException.invalid(
                        "Each patch operation must be an object with string 'op' and 'path'.");
            }
            PatchOperationRequest operation = reader.read(node, PatchOperationRequest.class);
            String op = operation.op();
            String path = operation.path();
            JsonNode value = operation.value();
            if (language != null && value != null && value.isTextual() && (op.equals("add") || op.equals("replace"))
                    && (path.equals("/name") || path.equals("/description"))) {
                op = "add";
                path = path + "/" + language.replace("~", "~0").replace("/", "~1");
            }
            operations.add(new PatchOperation(op, path, value == null || value.isNull() ? null
                    : mapper.convertValue(value, Object.class)));
        }
        return operations;
    }

    private static String language(String contentLanguage) {
        return contentLanguage == null || contentLanguage.isBlank() ? null : contentLanguage.trim();
    }
}
