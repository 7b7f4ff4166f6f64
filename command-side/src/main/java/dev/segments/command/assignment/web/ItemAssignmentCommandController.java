package dev.segments.command.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.JsonInput;
import dev.segments.command.assignment.AssignmentCommands;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.command.web.Identifiers;
import dev.segments.command.web.WriteResponses;
import dev.segments.events.AuditMetadata;
import dev.segments.events.item.ItemType;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.server.ResponseStatusException;

/** Item assignment writes: upsert and delete of a PRODUCT or CATEGORY, and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/items/{type}")
class ItemAssignmentCommandController {

    private final AssignmentCommands commands;
    private final WriteResponses responses;

    ItemAssignmentCommandController(AssignmentCommands commands, WriteResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    @PutMapping(path = "/{itemId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                               @PathVariable String type, @PathVariable String itemId,
                                               @RequestBody(required = false) JsonNode body,
                                               @AuthenticationPrincipal Jwt token) {
        ItemType itemType = itemType(type);
        AuditMetadata audit = AuditContext.of(tenant, token);
        Change change = WriteResponses.run(() -> assign(audit, segmentId, generation(tenant, segmentId), itemType,
                itemId, body));
        return responses.respond(change.created() ? HttpStatus.CREATED : HttpStatus.NO_CONTENT, List.of(change),
                null);
    }

    @DeleteMapping("/{itemId}")
    ResponseEntity<Void> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                  @PathVariable String type, @PathVariable String itemId,
                                  @AuthenticationPrincipal Jwt token) {
        ItemType itemType = itemType(type);
        AuditMetadata audit = AuditContext.of(tenant, token);
        Change change = WriteResponses.run(() -> commands.unassignItem(audit, segmentId,
                generation(tenant, segmentId), itemType, itemId));
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> assignAll(@PathVariable String tenant, @PathVariable String segmentId,
                                                    @PathVariable String type, @RequestBody JsonNode body,
                                                    @AuthenticationPrincipal Jwt token) {
        ItemType itemType = itemType(type);
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = generation(tenant, segmentId);
        return responses.bulk(body, entry -> {
            String itemId = JsonInput.text(JsonInput.requireObject(entry), "id");
            if (itemId == null) {
                throw CommandRejectedException.invalid("Field 'id' is required.");
            }
            return assign(audit, segmentId, generation, itemType, Identifiers.check("id", itemId), entry);
        }, entry -> null, false);
    }

    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> unassignAll(@PathVariable String tenant, @PathVariable String segmentId,
                                                      @PathVariable String type, @RequestBody JsonNode body,
                                                      @AuthenticationPrincipal Jwt token) {
        ItemType itemType = itemType(type);
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = generation(tenant, segmentId);
        return responses.bulk(body, entry -> {
            if (!entry.isTextual()) {
                throw CommandRejectedException.invalid("Each entry must be an item id.");
            }
            return commands.unassignItem(audit, segmentId, generation, itemType,
                    Identifiers.check("id", entry.textValue()));
        }, entry -> null, false);
    }

    private Change assign(AuditMetadata audit, String segmentId, long generation, ItemType type, String itemId,
                          JsonNode body) {
        AssignmentBody upsert = AssignmentBody.read(body);
        return commands.assignItem(audit, segmentId, generation, type, itemId, upsert.mixins(),
                upsert.metadataMixins(), upsert.expectedVersion());
    }

    private long generation(String tenant, String segmentId) {
        return WriteResponses.run(() -> commands.generation(tenant, segmentId));
    }

    private static ItemType itemType(String type) {
        return ItemType.named(type).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "Item type must be PRODUCT or CATEGORY."));
    }
}
