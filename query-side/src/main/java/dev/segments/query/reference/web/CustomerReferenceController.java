package dev.segments.query.reference.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.Storable;
import dev.segments.query.reference.CustomerReferences;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Feeds the customer and legal entity replica: PUT stores (201 new, 204 changed), DELETE forgets. */
@RestController
@RequestMapping("/customer-segment/{tenant}/reference")
class CustomerReferenceController {

    static final int MAX_TEXT = 255;

    private final CustomerReferences references;

    CustomerReferenceController(CustomerReferences references) {
        this.references = references;
    }

    @PutMapping(path = "/customers/{customerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putCustomer(@PathVariable String tenant, @PathVariable String customerId,
                                     @RequestBody JsonNode body) {
        requireObject(body);
        boolean created = references.putCustomer(tenant, customerId, text(body, "firstName"), text(body, "lastName"),
                text(body, "email"));
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
    }

    @DeleteMapping("/customers/{customerId}")
    ResponseEntity<Void> deleteCustomer(@PathVariable String tenant, @PathVariable String customerId) {
        references.deleteCustomer(tenant, customerId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/legal-entities/{legalEntityId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putLegalEntity(@PathVariable String tenant, @PathVariable String legalEntityId,
                                        @RequestBody JsonNode body) {
        requireObject(body);
        boolean created = references.putLegalEntity(tenant, legalEntityId, text(body, "name"));
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
    }

    @DeleteMapping("/legal-entities/{legalEntityId}")
    ResponseEntity<Void> deleteLegalEntity(@PathVariable String tenant, @PathVariable String legalEntityId) {
        references.deleteLegalEntity(tenant, legalEntityId);
        return ResponseEntity.noContent().build();
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Field '" + field + "' must be a string.");
        }
        if (value.textValue().length() > MAX_TEXT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Field '" + field + "' is longer than " + MAX_TEXT + " characters.");
        }
        String problem = Storable.textProblem(field, value.textValue());
        if (problem != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
        }
        return value.textValue();
    }
}
