package dev.segments.command.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.command.assignment.AssignmentCommands;
import dev.segments.command.web.AuditContext;
import dev.segments.command.web.BulkEntryResult;
import dev.segments.command.web.RequestReader;
import dev.segments.command.web.WriteResponses;
import dev.segments.events.AuditMetadata;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.UnassignCustomerCommand;
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

/** Customer assignment writes: B2C and B2B upsert and delete, and their bulk forms. */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/customers")
@Tag(name = "Customers Assignments")
class CustomerAssignmentCommandController {

    private static final String UPSERT = "Assigns the customer to the segment, or replaces what the assignment "
            + "carries: 201 when assigned, 204 when updated. With metadata.version, an assignment at another version is "
            + "409; a segment that does not exist is 404.";

    private final AssignmentCommands commands;
    private final WriteResponses responses;
    private final RequestReader reader;

    CustomerAssignmentCommandController(AssignmentCommands commands, WriteResponses responses, RequestReader reader) {
        this.commands = commands;
        this.responses = responses;
        this.reader = reader;
    }

    @Operation(summary = "Assign a customer (B2C)", description = UPSERT)
    @ApiResponse(responseCode = "201", description = "Assigned")
    @ApiResponse(responseCode = "204", description = "Updated")
    @PutMapping(path = "/{customerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Void>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                                   @PathVariable String customerId,
                                                   @Valid @RequestBody(required = false) AssignmentRequest body,
                                                   @AuthenticationPrincipal Jwt token) {
        return assign(tenant, segmentId, customerId, null, body, token);
    }

    @Operation(summary = "Assign a customer acting for a legal entity (B2B)", description = UPSERT)
    @ApiResponse(responseCode = "201", description = "Assigned")
    @ApiResponse(responseCode = "204", description = "Updated")
    @PutMapping(path = "/{customerId}/{legalEntityId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<Void>> assign(@PathVariable String tenant, @PathVariable String segmentId,
                                                   @PathVariable String customerId, @PathVariable String legalEntityId,
                                                   @Valid @RequestBody(required = false) AssignmentRequest body,
                                                   @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        AssignmentRequest upsert = body == null ? AssignmentRequest.EMPTY : body;
        return responses.createdOrUpdatedWithoutBody(commands.assignCustomer(audit, segmentId,
                commands.generation(tenant, segmentId), customerId, legalEntityId, upsert.mixins(),
                upsert.metadataMixins(), upsert.expectedVersion()));
    }

    @Operation(summary = "Remove a customer's assignment (B2C)", description = "Removing an assignment that does "
            + "not exist is 204; a segment that does not exist is 404.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{customerId}")
    CompletableFuture<ResponseEntity<Void>> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                                     @PathVariable String customerId,
                                                     @AuthenticationPrincipal Jwt token) {
        return unassign(tenant, segmentId, customerId, null, token);
    }

    @Operation(summary = "Remove the assignment of a customer acting for a legal entity (B2B)",
            description = "Removing an assignment that does not exist is 204; a segment that does not exist is 404.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{customerId}/{legalEntityId}")
    CompletableFuture<ResponseEntity<Void>> unassign(@PathVariable String tenant, @PathVariable String segmentId,
                                                     @PathVariable String customerId,
                                                     @PathVariable String legalEntityId,
                                                     @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        return responses.respond(HttpStatus.NO_CONTENT, List.of(commands.unassignCustomer(audit, segmentId,
                commands.generation(tenant, segmentId), customerId, legalEntityId)), null);
    }

    @Operation(summary = "Assign customers in bulk", description = "At most 200 entries, decided one after the "
            + "other in one transaction (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = CustomerAssignmentEntry.class),
            maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @PutMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> assignAll(
            @PathVariable String tenant, @PathVariable String segmentId, @RequestBody List<JsonNode> body,
            @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = commands.generation(tenant, segmentId);
        return responses.bulkTogether(body, entry -> reader.read(entry, CustomerAssignmentEntry.class),
                entry -> new AssignCustomerCommand(identity(audit, segmentId, generation, entry), entry.mixins(),
                        entry.metadata() == null ? null : entry.metadata().mixins(),
                        entry.metadata() == null ? null : entry.metadata().version()),
                assignments -> commands.assignCustomers(audit, assignments));
    }

    @Operation(summary = "Remove customers' assignments in bulk", description = "At most 200 entries of customerId "
            + "(and legalEntityId for B2B), removed in one transaction (one result per entry, in request order).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = CustomerAssignmentEntry.class),
            maxItems = WriteResponses.MAX_BULK_ENTRIES)))
    @ApiResponse(responseCode = "207", description = "One result per entry")
    @DeleteMapping(path = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<ResponseEntity<List<BulkEntryResult>>> unassignAll(
            @PathVariable String tenant, @PathVariable String segmentId, @RequestBody List<JsonNode> body,
            @AuthenticationPrincipal Jwt token) {
        AuditMetadata audit = AuditContext.of(tenant, token);
        long generation = commands.generation(tenant, segmentId);
        return responses.bulkTogether(body, entry -> reader.read(entry, CustomerAssignmentEntry.class),
                entry -> new UnassignCustomerCommand(identity(audit, segmentId, generation, entry)),
                removals -> commands.unassignCustomers(audit, removals));
    }

    private static CustomerAssignmentIdentity identity(AuditMetadata audit, String segmentId, long generation,
                                                       CustomerAssignmentEntry entry) {
        return new CustomerAssignmentIdentity(audit.tenant(), segmentId, generation, entry.customerId(),
                entry.legalEntityId());
    }
}
