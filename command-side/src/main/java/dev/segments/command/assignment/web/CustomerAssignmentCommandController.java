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
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
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

/** Customer assignment writes: B2C and B2B upsert and delete, and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/customers")
class CustomerAssignmentCommandController {

    private final AssignmentCommands commands;
    private final WriteResponses responses;

    CustomerAssignmentCommandController(AssignmentCommands commands, WriteResponses responses) {
        this.commands = commands;
        this.responses = responses;
    }

    @PutMapping(path = "/{customerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                               @PathVariable String customerId,
                                               @RequestBody(required = false) JsonNode body,
                                               @AuthenticationPrincipal Jwt token) {
        return assign(tenant, segmentId, customerId, null, body, token);
    }

    @PutMapping(path = "/{customerId}/{legalEntityId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                               @PathVariable String customerId, @PathVariable String legalEntityId,
                                               @RequestBody(required = false) JsonNode body,
                                               @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        Change change = WriteResponses.run(() -> assign(audit, segmentId, generation(tenant, segmentId), customerId,
                legalEntityId, body));
        return responses.respond(change.created() ? HttpStatus.CREATED : HttpStatus.NO_CONTENT, List.of(change),
                null);
    }

    @DeleteMapping("/{customerId}")
    ResponseEntity<Void> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                  @PathVariable String customerId, @AuthenticationPrincipal Jwt token) {
        return unassign(tenant, segmentId, customerId, null, token);
    }

    @DeleteMapping("/{customerId}/{legalEntityId}")
    ResponseEntity<Void> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                  @PathVariable String customerId, @PathVariable String legalEntityId,
                                  @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        Change change = WriteResponses.run(() -> commands.unassignCustomer(audit, segmentId,
                generation(tenant, segmentId), customerId, legalEntityId));
        return responses.respond(HttpStatus.NO_CONTENT, List.of(change), null);
    }

    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> assignAll(@PathVariable String tenant, @PathVariable String segmentId,
                                                    @RequestBody JsonNode body, @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = generation(tenant, segmentId);
        return responses.bulkTogether(body, entry -> {
            CustomerAssignmentIdentity identity = new CustomerAssignmentIdentity(audit.tenant(), segmentId,
                    generation, customerId(entry), legalEntityId(entry));
            AssignmentBody upsert = AssignmentBody.read(entry);
            return new AssignCustomerCommand(identity, upsert.mixins(), upsert.metadataMixins(),
                    upsert.expectedVersion());
        }, assignments -> commands.assignCustomers(audit, assignments));
    }

    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<BulkEntryResult>> unassignAll(@PathVariable String tenant, @PathVariable String segmentId,
                                                      @RequestBody JsonNode body,
                                                      @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = generation(tenant, segmentId);
        return responses.bulk(body, entry -> commands.unassignCustomer(audit, segmentId, generation, customerId(entry),
                legalEntityId(entry)), entry -> null, false);
    }

    private long generation(String tenant, String segmentId) {
        return WriteResponses.run(() -> commands.generation(tenant, segmentId));
    }

    private Change assign(AuditMetadata audit, String segmentId, long generation, String customerId,
                          String legalEntityId, JsonNode body) {
        AssignmentBody upsert = AssignmentBody.read(body);
        return commands.assignCustomer(audit, segmentId, generation, customerId, legalEntityId, upsert.mixins(),
                upsert.metadataMixins(), upsert.expectedVersion());
    }

    private static String customerId(JsonNode entry) {
        String customerId = JsonInput.text(JsonInput.requireObject(entry), "customerId");
        if (customerId == null) {
            throw CommandRejectedException.invalid("Field 'customerId' is required.");
        }
        return Identifiers.check("customerId", customerId);
    }

    private static String legalEntityId(JsonNode entry) {
        String legalEntityId = JsonInput.text(entry, "legalEntityId");
        return legalEntityId == null ? null : Identifiers.check("legalEntityId", legalEntityId);
    }
}
