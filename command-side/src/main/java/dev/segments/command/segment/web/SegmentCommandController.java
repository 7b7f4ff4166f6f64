package dev.segments.command.segment.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.segment.SegmentCommands;
import dev.segments.command.segment.SegmentJson;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.command.web.Identifiers;
import dev.segments.command.web.WriteResponses;
import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.PatchOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.web.server.ResponseStatusException;

/** Segment writes: create, upsert, JSON Patch, delete and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
class SegmentCommandController {

    private final SegmentCommands commands;
    private final WriteResponses responses;
    private final ObjectMapper mapper;

    SegmentCommandController(SegmentCommands commands, WriteResponses responses, ObjectMapper mapper) {
        this.commands = commands;
        this.responses = responses;
        this.mapper = mapper;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> create(@PathVariable String tenant, @RequestBody JsonNode body,
                                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                       required = false) String contentLanguage,
                                               @AuthenticationPrincipal Jwt token) {
        Change change = WriteResponses.run(() -> create(AuditContext.of(tenant, token), body,
                language(contentLanguage)));
        return responses.respond(HttpStatus.CREATED, List.of(change), Map.of("id", change.id()));
    }

    @PutMapping(path = "/{segmentId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> upsert(@PathVariable String tenant, @PathVariable String segmentId,
                                               @RequestBody JsonNode body,
                                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                       required = false) String contentLanguage,
                                               @AuthenticationPrincipal Jwt token) {
        return responses.createdOrUpdated(WriteResponses.run(() -> upsert(AuditContext.of(tenant, token), segmentId,
                body, language(contentLanguage))));
    }

    @PatchMapping(path = "/{segmentId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/json-patch+json"})
    ResponseEntity<Void> patch(@PathVariable String tenant, @PathVariable String segmentId,
                               @RequestBody JsonNode body,
                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false)
                               String contentLanguage,
                               @AuthenticationPrincipal Jwt token) {
        List<PatchOperation> operations = patchOperations(body, language(contentLanguage));
        Change change = WriteResponses.run(() -> commands.patch(AuditContext.of(tenant, token), segmentId,
                operations));
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @DeleteMapping("/{segmentId}")
    ResponseEntity<Void> delete(@PathVariable String tenant, @PathVariable String segmentId,
                                @RequestParam(defaultValue = "false") boolean forceDelete,
                                @AuthenticationPrincipal Jwt token) {
        Change change = WriteResponses.run(() -> commands.delete(AuditContext.of(tenant, token), segmentId,
                forceDelete));
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @PostMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> createAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                            required = false) String contentLanguage,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return responses.bulk(body, entry -> create(audit, entry, language), SegmentCommandController::idOf, true);
    }

    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> upsertAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                            required = false) String contentLanguage,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return responses.bulk(body, entry -> {
            String segmentId = SegmentJson.readId(entry);
            if (segmentId == null) {
                throw CommandRejectedException.invalid("Field 'id' is required.");
            }
            return upsert(audit, Identifiers.check("id", segmentId), entry, language);
        }, SegmentCommandController::idOf, true);
    }

    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> deleteAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestParam(defaultValue = "false") boolean forceDelete,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        return responses.bulk(body, entry -> {
            if (!entry.isTextual()) {
                throw CommandRejectedException.invalid("Each entry must be a segment id.");
            }
            return commands.delete(audit, Identifiers.check("id", entry.textValue()), forceDelete);
        }, SegmentCommandController::idOf, true);
    }

    private Change create(AuditMetadata audit, JsonNode body, String language) {
        String segmentId = SegmentJson.readId(body);
        return commands.create(audit, segmentId == null ? UUID.randomUUID().toString()
                : Identifiers.check("id", segmentId), SegmentJson.readDetails(body, language));
    }

    private Change upsert(AuditMetadata audit, String segmentId, JsonNode body, String language) {
        return commands.upsert(audit, segmentId, SegmentJson.readDetails(body, language),
                SegmentJson.readExpectedVersion(body));
    }

    private static String idOf(JsonNode entry) {
        return entry.isTextual() ? entry.textValue()
                : entry.isObject() && entry.path("id").isTextual() ? entry.get("id").textValue() : null;
    }

    private List<PatchOperation> patchOperations(JsonNode body, String language) {
        if (body == null || !body.isArray()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "The request body must be a JSON array of patch operations.");
        }
        List<PatchOperation> operations = new ArrayList<>(body.size());
        for (JsonNode node : body) {
            if (!node.isObject() || !node.path("op").isTextual() || !node.path("path").isTextual()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "Each patch operation must be an object with string 'op' and 'path'.");
            }
            String path = node.get("path").textValue();
            JsonNode value = node.get("value");
            if (language != null && value != null && value.isTextual()
                    && (path.equals("/name") || path.equals("/description"))) {
                value = JsonNodeFactory.instance.objectNode().put(language, value.textValue());
            }
            operations.add(new PatchOperation(node.get("op").textValue(), path,
                    value == null || value.isNull() ? null : mapper.convertValue(value, Object.class)));
        }
        return operations;
    }

    private static String language(String contentLanguage) {
        if (contentLanguage == null || contentLanguage.isBlank()) {
            return null;
        }
        String language = contentLanguage.trim();
        if (!language.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Content-Language must be a single language tag such as 'en'.");
        }
        return language;
    }
}
