package dev.segments.query.reference.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.events.Storable;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.query.reference.CatalogReferences;
import dev.segments.query.reference.CategoryData;
import dev.segments.query.reference.CustomerData;
import dev.segments.query.reference.CustomerReferences;
import dev.segments.query.reference.InvalidReferenceException;
import dev.segments.query.reference.LegalEntityData;
import dev.segments.query.reference.ProductData;
import dev.segments.query.reference.ReferenceOutcome;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies upstream messages to the replica through the same stores, records and checks as the {@code /reference}
 * HTTP API (so both behave the same: validation, cycle checks, what counts as new), at the time the message says
 * the change happened.
 */
class ReferenceMessages {

    private final CustomerReferences customers;
    private final CatalogReferences catalog;
    private final ObjectMapper mapper;
    private final Validator validator;

    ReferenceMessages(CustomerReferences customers, CatalogReferences catalog, ObjectMapper mapper,
                      Validator validator) {
        this.customers = customers;
        this.catalog = catalog;
        this.mapper = mapper;
        this.validator = validator;
    }

    ReferenceOutcome apply(ReferenceMessage message) {
        String tenant = message.tenant();
        Instant time = Storable.storedPrecision(message.time());
        JsonNode data = message.data();
        try {
            return switch (message.type()) {
                case CUSTOMER_UPSERTED -> customers.putCustomer(tenant, id(data, "id"),
                        read(data, CustomerData.class), time);
                case CUSTOMER_DELETED -> customers.deleteCustomer(tenant, id(data, "id"), time);
                case LEGAL_ENTITY_UPSERTED -> customers.putLegalEntity(tenant, id(data, "id"),
                        read(data, LegalEntityData.class), time);
                case LEGAL_ENTITY_DELETED -> customers.deleteLegalEntity(tenant, id(data, "id"), time);
                case CATEGORY_UPSERTED -> catalog.putCategory(tenant, id(data, "id"),
                        read(data, CategoryData.class), time);
                case CATEGORY_DELETED -> catalog.deleteCategory(tenant, id(data, "id"), time);
                case PRODUCT_UPSERTED -> catalog.putProduct(tenant, id(data, "id"), read(data, ProductData.class),
                        time);
                case PRODUCT_DELETED -> catalog.deleteProduct(tenant, id(data, "id"), time);
                case PRODUCT_PLACED -> catalog.placeProduct(tenant, id(data, "categoryId"), id(data, "productId"),
                        time);
                case PRODUCT_UNPLACED -> catalog.removeProduct(tenant, id(data, "categoryId"),
                        id(data, "productId"), time);
            };
        } catch (InvalidReferenceException e) {
            throw new PoisonMessageException("invalid data: " + e.getReason());
        }
    }

    private static String id(JsonNode data, String field) {
        JsonNode id = data.get(field);
        if (id == null || !id.isTextual() || !SegmentIdentity.ID.matcher(id.textValue()).matches()) {
            throw new PoisonMessageException("invalid data: Field '" + field + "' must be 1-64 characters of A-Z, "
                    + "a-z, 0-9, '.', '_', '~', '-'.");
        }
        return id.textValue();
    }

    private <T> T read(JsonNode data, Class<T> type) {
        T value;
        try {
            value = mapper.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("invalid data: " + e.getOriginalMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new PoisonMessageException("invalid data: " + violations.stream()
                    .map(violation -> "Field '" + path(violation) + "' " + violation.getMessage()).sorted()
                    .collect(Collectors.joining(" ")));
        }
        return value;
    }

    /** {@code name[en].<map value>} reads as {@code name.en}. */
    private static String path(ConstraintViolation<?> violation) {
        return violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "").replaceAll("\\[([^]]*)]", ".$1");
    }
}
