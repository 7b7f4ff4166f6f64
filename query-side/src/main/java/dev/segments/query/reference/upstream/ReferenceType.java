package dev.segments.query.reference.upstream;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvents types of the upstream reference topic, as {@code ../shared/DESIGN.md} §5 names them. */
enum ReferenceType {
    CUSTOMER_UPSERTED("reference.customer-upserted"),
    CUSTOMER_DELETED("reference.customer-deleted"),
    LEGAL_ENTITY_UPSERTED("reference.legal-entity-upserted"),
    LEGAL_ENTITY_DELETED("reference.legal-entity-deleted"),
    CATEGORY_UPSERTED("reference.category-upserted"),
    CATEGORY_DELETED("reference.category-deleted"),
    PRODUCT_UPSERTED("reference.product-upserted"),
    PRODUCT_DELETED("reference.product-deleted"),
    PRODUCT_PLACED("reference.product-placed"),
    PRODUCT_UNPLACED("reference.product-unplaced");

    private final String type;

    ReferenceType(String type) {
        this.type = type;
    }

    String type() {
        return type;
    }

    /** The short name metrics use, e.g. {@code customer-upserted}. */
    String tag() {
        return type.substring("reference.".length());
    }

    static Optional<ReferenceType> of(String type) {
        return Arrays.stream(values()).filter(candidate -> candidate.type.equals(type)).findFirst();
    }
}
