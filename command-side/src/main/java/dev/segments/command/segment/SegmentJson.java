package dev.segments.command.segment;

import static dev.segments.command.JsonInput.expectedVersion;
import static dev.segments.command.JsonInput.freeForm;
import static dev.segments.command.JsonInput.metadataMixins;
import static dev.segments.command.JsonInput.optional;
import static dev.segments.command.JsonInput.requireObject;
import static dev.segments.command.JsonInput.text;

import dev.segments.command.CommandRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.events.Storable;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a segment's details from request JSON (and writes them back, for JSON Patch) with messages that
 * name the offending field. Bodies are read as trees rather than bound to classes so that a wrong type
 * becomes a precise 400 and a localized field can arrive as plain text under {@code Content-Language}.
 */
public final class SegmentJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SegmentJson() {
    }

    /** The details in a create or upsert body; {@code contentLanguage} may be null. */
    public static SegmentDetails readDetails(JsonNode body, String contentLanguage) {
        ObjectNode object = requireObject(body);
        return new SegmentDetails(
                localized(object, "name", contentLanguage),
                localized(object, "description", contentLanguage),
                validity(optional(object, "validity")),
                status(optional(object, "status")),
                text(object, "siteCode"),
                freeForm(optional(object, "mixins"), "mixins"),
                metadataMixins(object));
    }

    /** The client-chosen id of a create body, or null when the service is to generate one. */
    public static String readId(JsonNode body) {
        return text(requireObject(body), "id");
    }

    /** {@code metadata.version} of an upsert body, or null when the client does not ask for a version check. */
    public static Long readExpectedVersion(JsonNode body) {
        return expectedVersion(requireObject(body));
    }

    /** The details as the patchable part of the API document. */
    static ObjectNode write(SegmentDetails details) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("name", MAPPER.valueToTree(details.name()));
        if (details.description() != null) {
            node.set("description", MAPPER.valueToTree(details.description()));
        }
        if (details.validity() != null) {
            ObjectNode validity = node.putObject("validity");
            if (details.validity().from() != null) {
                validity.put("from", details.validity().from().toString());
            }
            if (details.validity().to() != null) {
                validity.put("to", details.validity().to().toString());
            }
        }
        node.put("status", details.status().name());
        node.put("siteCode", details.siteCode());
        if (details.mixins() != null) {
            node.set("mixins", MAPPER.valueToTree(details.mixins()));
        }
        // metadata always exists in the API document, so "add /metadata/mixins" has a parent to add to
        ObjectNode metadata = node.putObject("metadata");
        if (details.metadataMixins() != null) {
            metadata.set("mixins", MAPPER.valueToTree(details.metadataMixins()));
        }
        return node;
    }

    private static Map<String, String> localized(ObjectNode object, String field, String contentLanguage) {
        JsonNode value = optional(object, field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            if (contentLanguage == null) {
                throw CommandRejectedException.invalid("Field '" + field
                        + "' must be an object of language to text, or send its language in Content-Language.");
            }
            Map<String, String> single = new LinkedHashMap<>();
            single.put(contentLanguage, value.textValue());
            return single;
        }
        if (!value.isObject()) {
            throw CommandRejectedException.invalid("Field '" + field + "' must be an object of language to text.");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw CommandRejectedException.invalid("Field '" + field + "." + entry.getKey()
                        + "' must be a string.");
            }
            texts.put(entry.getKey(), entry.getValue().textValue());
        }
        return texts;
    }

    private static Validity validity(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw CommandRejectedException.invalid("Field 'validity' must be an object with 'from' and 'to'.");
        }
        Instant from = instant(value, "from");
        Instant to = instant(value, "to");
        return from == null && to == null ? null : new Validity(from, to);
    }

    private static Instant instant(JsonNode validity, String field) {
        JsonNode value = optional(validity, field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            try {
                return Storable.storedPrecision(OffsetDateTime.parse(value.textValue()).toInstant());
            } catch (DateTimeParseException e) {
                // reported below with the field's name
            }
        }
        throw CommandRejectedException.invalid("Field 'validity." + field
                + "' must be an ISO-8601 date-time with offset, e.g. 2024-04-17T08:00:00.000Z.");
    }

    private static SegmentStatus status(JsonNode value) {
        if (value == null) {
            return SegmentStatus.INACTIVE;
        }
        if (value.isTextual()) {
            for (SegmentStatus status : SegmentStatus.values()) {
                if (status.name().equals(value.textValue())) {
                    return status;
                }
            }
        }
        throw CommandRejectedException.invalid("Field 'status' must be one of ACTIVE, INACTIVE.");
    }
}
