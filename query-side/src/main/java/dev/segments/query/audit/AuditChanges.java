package dev.segments.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.events.audit.HistoryChange;
import dev.segments.events.segment.SegmentDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changed fields of an update, as {@code {path, before, after}} over the resource as the API shows it. Objects
 * (mixins, localized maps, validity, metadata) are compared key by key, so a changed translation or a nested mixin
 * is one entry with its own JSON pointer; everything else (texts, numbers, arrays) is compared whole. Values are
 * normalized through JSON text first, so a number read back from the database equals the one in the event.
 */
final class AuditChanges {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AuditChanges() {
    }

    /** The changes from {@code before} to {@code after} (objects; null counts as empty), in field order. */
    static List<HistoryChange> between(JsonNode before, JsonNode after) {
        List<HistoryChange> changes = new ArrayList<>();
        diff("", present(before) ? before : MAPPER.createObjectNode(),
                present(after) ? after : MAPPER.createObjectNode(), changes);
        return changes;
    }

    /** A segment's client-controlled fields as the API returns them. */
    static JsonNode segment(SegmentDetails details) {
        Map<String, Object> validity = new java.util.LinkedHashMap<>();
        if (details.validity() != null) {
            putInstant(validity, "from", details.validity().from());
            putInstant(validity, "to", details.validity().to());
        }
        return segment(details.name(), details.description(), validity.isEmpty() ? null : validity,
                details.status() == null ? null : details.status().name(), details.siteCode(), details.mixins(),
                details.metadataMixins());
    }

    static JsonNode segment(Object name, Object description, Object validity, String status, String siteCode,
                            Object mixins, Object metadataMixins) {
        ObjectNode tree = MAPPER.createObjectNode();
        put(tree, "name", name);
        put(tree, "description", description);
        put(tree, "validity", validity);
        put(tree, "status", status);
        put(tree, "siteCode", siteCode);
        put(tree, "mixins", mixins);
        ObjectNode metadata = MAPPER.createObjectNode();
        put(metadata, "mixins", metadataMixins);
        if (!metadata.isEmpty()) {
            tree.set("metadata", metadata);
        }
        return normalized(tree);
    }

    /** An assignment's client-controlled fields: its mixins and metadata mixins. */
    static JsonNode assignment(Object mixins, Object metadataMixins) {
        return segment(null, null, null, null, null, mixins, metadataMixins);
    }

    static void putInstant(Map<String, Object> target, String field, Instant instant) {
        if (instant != null) {
            target.put(field, instant.toString());
        }
    }

    private static void put(ObjectNode tree, String field, Object value) {
        JsonNode node = value instanceof JsonNode json ? json : MAPPER.valueToTree(value);
        if (present(node)) {
            tree.set(field, node);
        }
    }

    private static JsonNode normalized(JsonNode tree) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON data", e);
        }
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<HistoryChange> changes) {
        boolean beforeObject = present(before) && before.isObject();
        boolean afterObject = present(after) && after.isObject();
        if ((beforeObject || !present(before)) && (afterObject || !present(after)) && (beforeObject || afterObject)) {
            int found = changes.size();
            Set<String> fields = new LinkedHashSet<>();
            fieldNames(before, fields);
            fieldNames(after, fields);
            for (String field : fields) {
                diff(path + "/" + escape(field), child(before, field), child(after, field), changes);
            }
            if (changes.size() == found && present(before) != present(after)) {
                // an empty object appeared or went away: nothing below it to name
                changes.add(new HistoryChange(path, value(before), value(after)));
            }
            return;
        }
        if (present(before) != present(after) || present(before) && !before.equals(after)) {
            changes.add(new HistoryChange(path, value(before), value(after)));
        }
    }

    private static void fieldNames(JsonNode node, Set<String> into) {
        if (present(node) && node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                into.add(names.next());
            }
        }
    }

    private static JsonNode child(JsonNode node, String field) {
        return present(node) && node.isObject() ? node.get(field) : null;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static Object value(JsonNode node) {
        return present(node) ? node : null;
    }

    /** RFC 6901: {@code ~} and {@code /} in a key. */
    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }
}
