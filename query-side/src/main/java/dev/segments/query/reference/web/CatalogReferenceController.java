package dev.segments.query.reference.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.Storable;
import dev.segments.query.reference.CatalogReferences;
import dev.segments.query.reference.CatalogReferences.CategoryRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
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

/** Feeds the catalog replica: categories (with moves), products, and product placements in categories. */
@RestController
@RequestMapping("/customer-segment/{tenant}/reference")
class CatalogReferenceController {

    static final int MAX_TEXT = 1_000;

    private final CatalogReferences catalog;

    CatalogReferenceController(CatalogReferences catalog) {
        this.catalog = catalog;
    }

    @PutMapping(path = "/categories/{categoryId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putCategory(@PathVariable String tenant, @PathVariable String categoryId,
                                     @RequestBody JsonNode body) {
        requireObject(body);
        JsonNode validity = body.path("validity");
        if (!validity.isMissingNode() && !validity.isNull() && !validity.isObject()) {
            throw bad("Field 'validity' must be an object with 'from' and 'to'.");
        }
        Instant from = instant(validity.get("from"), "validity.from");
        Instant to = instant(validity.get("to"), "validity.to");
        if (from != null && to != null && from.isAfter(to)) {
            throw bad("Field 'validity.from' must not be after 'validity.to'.");
        }
        String parentId = text(body, "parentId");
        if (categoryId.equals(parentId)) {
            throw bad("A category cannot be its own parent.");
        }
        CategoryRow row = new CategoryRow(parentId, text(body, "code"), localized(body, "name"),
                localized(body, "localizedDescription"), localized(body, "localizedSlug"), ecn(body),
                from, to, position(body), bool(body, "published"));
        return status(catalog.putCategory(tenant, categoryId, row));
    }

    @DeleteMapping("/categories/{categoryId}")
    ResponseEntity<Void> deleteCategory(@PathVariable String tenant, @PathVariable String categoryId) {
        catalog.deleteCategory(tenant, categoryId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/categories/{categoryId}/products/{productId}")
    ResponseEntity<Void> placeProduct(@PathVariable String tenant, @PathVariable String categoryId,
                                      @PathVariable String productId) {
        return status(catalog.placeProduct(tenant, categoryId, productId));
    }

    @DeleteMapping("/categories/{categoryId}/products/{productId}")
    ResponseEntity<Void> removeProduct(@PathVariable String tenant, @PathVariable String categoryId,
                                       @PathVariable String productId) {
        catalog.removeProduct(tenant, categoryId, productId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/products/{productId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> putProduct(@PathVariable String tenant, @PathVariable String productId,
                                    @RequestBody JsonNode body) {
        requireObject(body);
        return status(catalog.putProduct(tenant, productId, text(body, "code"), localized(body, "name")));
    }

    @DeleteMapping("/products/{productId}")
    ResponseEntity<Void> deleteProduct(@PathVariable String tenant, @PathVariable String productId) {
        catalog.deleteProduct(tenant, productId);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Void> status(boolean created) {
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("The request body must be a JSON object.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().length() > MAX_TEXT) {
            throw bad("Field '" + field + "' must be a string of at most " + MAX_TEXT + " characters.");
        }
        return storable(field, value.textValue());
    }

    /** A localized field (a map of language to text) as JSON text. */
    private static String localized(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw bad("Field '" + field + "' must be an object of language to text.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual() || entry.getValue().textValue().length() > MAX_TEXT) {
                throw bad("Field '" + field + "." + entry.getKey() + "' must be a string of at most " + MAX_TEXT
                        + " characters.");
            }
            storable(field + " key", entry.getKey());
            storable(field + "." + entry.getKey(), entry.getValue().textValue());
        }
        return value.toString();
    }

    private static String ecn(JsonNode body) {
        JsonNode value = body.get("ecn");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw bad("Field 'ecn' must be an array of strings.");
        }
        value.forEach(element -> {
            if (!element.isTextual()) {
                throw bad("Field 'ecn' must be an array of strings.");
            }
            storable("ecn", element.textValue());
        });
        return value.toString();
    }

    private static Integer position(JsonNode body) {
        JsonNode value = body.get("position");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw bad("Field 'position' must be an integer.");
        }
        return value.intValue();
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw bad("Field '" + field + "' must be true or false.");
        }
        return value.booleanValue();
    }

    private static Instant instant(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        Instant instant;
        try {
            instant = Storable.storedPrecision(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw bad("Field '" + field + "' must be an ISO-8601 date-time with offset.");
        }
        String problem = Storable.instantProblem(field, instant);
        if (problem != null) {
            throw bad(problem);
        }
        return instant;
    }

    private static String storable(String field, String text) {
        String problem = Storable.textProblem(field, text);
        if (problem != null) {
            throw bad(problem);
        }
        return text;
    }

    private static ResponseStatusException bad(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }
}
