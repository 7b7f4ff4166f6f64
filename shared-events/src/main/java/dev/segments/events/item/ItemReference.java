package dev.segments.events.item;

import java.util.Map;

/** A product or category as item assignment responses show it; code and name come from the replica. */
public record ItemReference(String id, String code, Map<String, String> name) {
}
