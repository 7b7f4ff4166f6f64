package dev.segments.events.integration;

/**
 * The CloudEvents {@code type}s the service publishes to downstream systems, each with the version of its data's
 * JSON Schema ({@code dataschema}). The public contract, mapped from the stored domain events and free to evolve
 * on its own: a change a consumer could trip over is a new schema version, never an edit of an existing one.
 */
public enum IntegrationEventType {
    SEGMENT_CREATED("segment-created", 1),
    SEGMENT_UPDATED("segment-updated", 1),
    SEGMENT_DELETED("segment-deleted", 1),
    SEGMENT_ACTIVATED("segment-activated", 1),
    SEGMENT_DEACTIVATED("segment-deactivated", 1),
    CUSTOMER_ASSIGNMENT_CREATED("customer-assignment-created", 1),
    CUSTOMER_ASSIGNMENT_UPDATED("customer-assignment-updated", 1),
    CUSTOMER_ASSIGNMENT_DELETED("customer-assignment-deleted", 1),
    ITEM_ASSIGNMENT_CREATED("item-assignment-created", 1),
    ITEM_ASSIGNMENT_UPDATED("item-assignment-updated", 1),
    ITEM_ASSIGNMENT_DELETED("item-assignment-deleted", 1);

    /** What every type starts with. */
    public static final String PREFIX = "customer-segment.";
    /** Where the JSON Schemas lie on the classpath (this module's resources). */
    public static final String SCHEMA_RESOURCES = "integration-events/schemas/";

    private final String name;
    private final int schemaVersion;

    IntegrationEventType(String name, int schemaVersion) {
        this.name = name;
        this.schemaVersion = schemaVersion;
    }

    /** The CloudEvents {@code type}, e.g. {@code customer-segment.segment-created}. */
    public String type() {
        return PREFIX + name;
    }

    /** The CloudEvents {@code dataschema}: a URN naming the schema and its version. */
    public String dataSchema() {
        return "urn:customer-segment:events:" + name + ":v" + schemaVersion;
    }

    /** The classpath resource holding the JSON Schema named by {@link #dataSchema()}. */
    public String schemaResource() {
        return SCHEMA_RESOURCES + name + ".v" + schemaVersion + ".schema.json";
    }

    /** The type with this CloudEvents {@code type}, or null. */
    public static IntegrationEventType ofType(String type) {
        for (IntegrationEventType candidate : values()) {
            if (candidate.type().equals(type)) {
                return candidate;
            }
        }
        return null;
    }
}
