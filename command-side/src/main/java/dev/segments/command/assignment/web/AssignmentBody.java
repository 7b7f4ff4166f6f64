package dev.segments.command.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.command.JsonInput;
import java.util.Map;

/** The body every assignment upsert takes: {@code mixins} and {@code metadata} ({@code mixins}, {@code version}). */
record AssignmentBody(Map<String, Object> mixins, Map<String, Object> metadataMixins, Long expectedVersion) {

    /** Reads the body; a missing body means no mixins and no version check. */
    static AssignmentBody read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new AssignmentBody(null, null, null);
        }
        JsonNode object = JsonInput.requireObject(body);
        return new AssignmentBody(JsonInput.freeForm(JsonInput.optional(object, "mixins"), "mixins"),
                JsonInput.metadataMixins(object), JsonInput.expectedVersion(object));
    }
}
