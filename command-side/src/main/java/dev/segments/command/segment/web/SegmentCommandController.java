package dev.segments.command.segment.web;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.segments.command.consistency.ReadYourWrites;
import dev.segments.command.segment.SegmentCommands;
import dev.segments.command.segment.SegmentJson;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.SegmentIdentity;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
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

/**
 * Segment writes: create, upsert, JSON Patch, delete and their bulk forms. Every successful response is
 * held until the projections have caught up (see {@link ReadYourWrites}).
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
class SegmentCommandController {

    static final int MAX_BULK_ENTRIES = 200;
    static final String CONSISTENCY_HEADER = "X-Read-Your-Writes";

    private final SegmentCommands commands;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;

    SegmentCommandController(SegmentCommands commands, ReadYourWrites readYourWrites, ObjectMapper mapper) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> create(@PathVariable String tenant, @RequestBody JsonNode body,
                                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                       required = false) String contentLanguage,
                                               @AuthenticationPrincipal Jwt token) {
        Change change = run(() -> create(AuditContext.of(tenant, token), body, language(contentLanguage)));
        return respond(ResponseEntity.created(URI.create("/customer-segment/" + tenant + "/segments/"
                + change.id())), List.of(change)).body(Map.of("id", change.id()));
    }

    @PutMapping(path = "/{segmentId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> upsert(@PathVariable String tenant, @PathVariable String segmentId,
                                               @RequestBody JsonNode body,
                                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                       required = false) String contentLanguage,
                                               @AuthenticationPrincipal Jwt token) {
        Change change = run(() -> upsert(AuditContext.of(tenant, token), segmentId, body,
                language(contentLanguage)));
        return change.created()
                ? respond(ResponseEntity.status(HttpStatus.CREATED), List.of(change)).body(Map.of("id", segmentId))
                : respond(ResponseEntity.status(HttpStatus.NO_CONTENT), List.of(change)).build();
    }

    @PatchMapping(path = "/{segmentId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/json-patch+json"})
    ResponseEntity<Void> patch(@PathVariable String tenant, @PathVariable String segmentId,
                               @RequestBody JsonNode body,
                               @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE, required = false)
                               String contentLanguage,
                               @AuthenticationPrincipal Jwt token) {
        List<PatchOperation> operations = patchOperations(body, language(contentLanguage));
        Change change = run(() -> commands.patch(AuditContext.of(tenant, token), segmentId, operations));
        return respond(ResponseEntity.status(HttpStatus.NO_CONTENT), List.of(change)).build();
    }

    @DeleteMapping("/{segmentId}")
    ResponseEntity<Void> delete(@PathVariable String tenant, @PathVariable String segmentId,
                                @RequestParam(defaultValue = "false") boolean forceDelete,
                                @AuthenticationPrincipal Jwt token) {
        Change change = run(() -> commands.delete(AuditContext.of(tenant, token), segmentId, forceDelete));
        return respond(ResponseEntity.status(HttpStatus.NO_CONTENT), List.of(change)).build();
    }

    @PostMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> createAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                            required = false) String contentLanguage,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return bulk(body, entry -> create(audit, entry, language), HttpStatus.CREATED);
    }

    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> upsertAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_LANGUAGE,
                                                            required = false) String contentLanguage,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        String language = language(contentLanguage);
        return bulk(body, entry -> {
            String segmentId = SegmentJson.readId(entry);
            if (segmentId == null) {
                throw new CommandRejectedException(CommandRejectedException.Reason.INVALID,
                        "Field 'id' is required.");
            }
            return upsert(audit, checkId(segmentId), entry, language);
        }, HttpStatus.NO_CONTENT);
    }

    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> deleteAll(@PathVariable String tenant, @RequestBody JsonNode body,
                                                    @RequestParam(defaultValue = "false") boolean forceDelete,
                                                    @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        return bulk(body, entry -> {
            if (!entry.isTextual()) {
                throw new CommandRejectedException(CommandRejectedException.Reason.INVALID,
                        "Each entry must be a segment id.");
            }
            return commands.delete(audit, checkId(entry.textValue()), forceDelete);
        }, HttpStatus.NO_CONTENT);
    }

    private Change create(AuditMetadata audit, JsonNode body, String language) {
        String segmentId = SegmentJson.readId(body);
        return commands.create(audit, segmentId == null ? UUID.randomUUID().toString() : checkId(segmentId),
                SegmentJson.readDetails(body, language));
    }

    private Change upsert(AuditMetadata audit, String segmentId, JsonNode body, String language) {
        return commands.upsert(audit, segmentId, SegmentJson.readDetails(body, language),
                SegmentJson.readExpectedVersion(body));
    }

    /**
     * Applies each entry independently and reports each outcome; the response waits once, for the last of
     * all appended events.
     */
    private ResponseEntity<List<BulkEntryResult>> bulk(JsonNode body, Function<JsonNode, Change> entryAction,
                                                       HttpStatus updated) {
        if (body == null || !body.isArray()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The request body must be a JSON array.");
        }
        if (body.size() > MAX_BULK_ENTRIES) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "A bulk request takes at most " + MAX_BULK_ENTRIES + " entries; nothing was applied.");
        }
        List<BulkEntryResult> results = new ArrayList<>(body.size());
        List<Change> changes = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode entry = body.get(i);
            String id = entry.isTextual() ? entry.textValue()
                    : entry.isObject() && entry.path("id").isTextual() ? entry.get("id").textValue() : null;
            try {
                Change change = entryAction.apply(entry);
                changes.add(change);
                results.add(BulkEntryResult.success(i + 1, change.id(),
                        change.created() ? HttpStatus.CREATED : updated));
            } catch (CommandRejectedException e) {
                results.add(BulkEntryResult.failure(i + 1, id, status(e), e.getMessage()));
            }
        }
        return respond(ResponseEntity.status(HttpStatus.MULTI_STATUS), changes).body(results);
    }

    private ResponseEntity.BodyBuilder respond(ResponseEntity.BodyBuilder response, List<Change> changes) {
        Map<String, Long> positions = new LinkedHashMap<>();
        changes.stream().filter(Change::appended)
                .forEach(change -> positions.merge(change.aggregateId(), change.lastSequenceNumber(), Math::max));
        if (!readYourWrites.await(positions)) {
            response.header(CONSISTENCY_HEADER, "timeout");
        }
        return response;
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

    private static Change run(Supplier<Change> action) {
        try {
            return action.get();
        } catch (CommandRejectedException e) {
            throw new ResponseStatusException(status(e), e.getMessage());
        }
    }

    private static HttpStatus status(CommandRejectedException e) {
        return switch (e.reason()) {
            case INVALID, HAS_ASSIGNMENTS -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, STALE_VERSION -> HttpStatus.CONFLICT;
        };
    }

    private static String checkId(String segmentId) {
        if (!SegmentIdentity.ID.matcher(segmentId).matches()) {
            throw new CommandRejectedException(CommandRejectedException.Reason.INVALID,
                    "Field 'id' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.");
        }
        return segmentId;
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
