package dev.segments.query.reference.web;

import dev.segments.query.reference.CustomerData;
import dev.segments.query.reference.CustomerReferences;
import dev.segments.query.reference.LegalEntityData;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Feeds the customer and legal entity replica: PUT stores (201 new, 204 changed), DELETE forgets. */
@RestController
@RequestMapping("/customer-segment/{tenant}/reference")
@Tag(name = "Reference data")
class CustomerReferenceController {

    private final CustomerReferences references;
    private final Clock clock;

    CustomerReferenceController(CustomerReferences references, Clock clock) {
        this.references = references;
        this.clock = clock;
    }

    @Operation(summary = "Store a customer's names", description = "201 when the customer was new, else 204.")
    @ApiResponse(responseCode = "201", description = "Stored; it was new")
    @ApiResponse(responseCode = "204", description = "Stored; it was known")
    @PutMapping(path = "/customers/{customerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putCustomer(@PathVariable String tenant, @PathVariable String customerId,
                                     @Valid @RequestBody CustomerData body) {
        return ReferenceResponses.stored(references.putCustomer(tenant, customerId, body, clock.instant()));
    }

    @Operation(summary = "Forget a customer")
    @ApiResponse(responseCode = "204", description = "Gone (also when it was not known)")
    @DeleteMapping("/customers/{customerId}")
    ResponseEntity<Void> deleteCustomer(@PathVariable String tenant, @PathVariable String customerId) {
        references.deleteCustomer(tenant, customerId, clock.instant());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Store a legal entity's name", description = "201 when the legal entity was new, else "
            + "204.")
    @ApiResponse(responseCode = "201", description = "Stored; it was new")
    @ApiResponse(responseCode = "204", description = "Stored; it was known")
    @PutMapping(path = "/legal-entities/{legalEntityId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putLegalEntity(@PathVariable String tenant, @PathVariable String legalEntityId,
                                        @Valid @RequestBody LegalEntityData body) {
        return ReferenceResponses.stored(references.putLegalEntity(tenant, legalEntityId, body, clock.instant()));
    }

    @Operation(summary = "Forget a legal entity")
    @ApiResponse(responseCode = "204", description = "Gone (also when it was not known)")
    @DeleteMapping("/legal-entities/{legalEntityId}")
    ResponseEntity<Void> deleteLegalEntity(@PathVariable String tenant, @PathVariable String legalEntityId) {
        references.deleteLegalEntity(tenant, legalEntityId, clock.instant());
        return ResponseEntity.noContent().build();
    }
}
