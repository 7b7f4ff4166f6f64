package dev.segments.command.segment;

import dev.segments.command.CommandRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.SegmentDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies RFC 6902 {@code add}, {@code remove} and {@code replace} to a segment's details as they appear in
 * the API. All operations apply to a copy; any failure rejects the whole patch so nothing is half-applied.
 * Only client-owned fields may be patched: the id and the service's own metadata cannot.
 */
@Component
class SegmentPatcher {

    static final int MAX_OPERATIONS = 200;
    private static final Set<String> PATCHABLE = Set.of("name", "description", "validity", "status", "siteCode",
            "mixins");

    private final ObjectMapper mapper = new ObjectMapper();

    SegmentDetails apply(SegmentDetails current, List<PatchOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw CommandRejectedException.invalid("The patch must be a non-empty array of operations.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw CommandRejectedException.invalid("The patch has more than " + MAX_OPERATIONS + " operations.");
        }
        ObjectNode document = SegmentJson.write(current);
        for (int i = 0; i < operations.size(); i++) {
            apply(document, operations.get(i), i + 1);
        }
        return SegmentJson.readDetails(document, null);
    }

    private void apply(ObjectNode document, PatchOperation operation, int number) {
        if (operation == null || operation.op() == null || operation.path() == null) {
            throw invalid(number, "needs 'op' and 'path'");
        }
        List<String> tokens = parsePointer(operation.path(), number);
        checkPatchable(tokens, operation.path(), number);
        JsonNode parent = document;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token);
            if (parent == null) {
                throw invalid(number, "path '" + operation.path() + "' does not exist");
            }
        }
        String last = tokens.get(tokens.size() - 1);
        switch (operation.op()) {
            case "add" -> add(parent, last, value(operation, number), operation.path(), number);
            case "remove" -> remove(parent, last, operation.path(), number);
            case "replace" -> {
                remove(parent, last, operation.path(), number);
                add(parent, last, value(operation, number), operation.path(), number);
            }
            default -> throw invalid(number, "has unsupported op '" + operation.op()
                    + "'; use add, remove or replace");
        }
    }

    private JsonNode value(PatchOperation operation, int number) {
        if (operation.value() == null) {
            throw invalid(number, "needs a 'value'");
        }
        return mapper.valueToTree(operation.value());
    }

    private static void checkPatchable(List<String> tokens, String path, int number) {
        boolean metadataMixins = tokens.size() >= 2 && tokens.get(0).equals("metadata")
                && tokens.get(1).equals("mixins");
        if (tokens.isEmpty() || !(PATCHABLE.contains(tokens.get(0)) || metadataMixins)) {
            throw invalid(number, "targets '" + path + "', which cannot be patched; patchable are /name, "
                    + "/description, /validity, /status, /siteCode, /mixins and /metadata/mixins");
        }
    }

    private static List<String> parsePointer(String pointer, int number) {
        if (!pointer.startsWith("/")) {
            throw invalid(number, "has path '" + pointer + "', which is not a JSON pointer");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode child(JsonNode parent, String token) {
        if (parent.isObject()) {
            return parent.get(token);
        }
        if (parent.isArray()) {
            int index = arrayIndex(token, parent.size() - 1);
            return index < 0 ? null : parent.get(index);
        }
        return null;
    }

    private static void add(JsonNode parent, String token, JsonNode value, String path, int number) {
        if (parent instanceof ObjectNode object) {
            object.set(token, value);
        } else if (parent instanceof ArrayNode array) {
            int index = "-".equals(token) ? array.size() : arrayIndex(token, array.size());
            if (index < 0) {
                throw invalid(number, "has an array index out of range in '" + path + "'");
            }
            array.insert(index, value);
        } else {
            throw invalid(number, "path '" + path + "' does not exist");
        }
    }

    private static void remove(JsonNode parent, String token, String path, int number) {
        if (parent instanceof ObjectNode object && object.has(token)) {
            object.remove(token);
        } else if (parent instanceof ArrayNode array && arrayIndex(token, array.size() - 1) >= 0) {
            array.remove(arrayIndex(token, array.size() - 1));
        } else {
            throw invalid(number, "path '" + path + "' does not exist");
        }
    }

    /** The index a token names if it is a canonical non-negative integer up to {@code max}, else -1. */
    private static int arrayIndex(String token, int max) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            return -1;
        }
        int index = Integer.parseInt(token);
        return index <= max ? index : -1;
    }

    private static CommandRejectedException invalid(int number, String problem) {
        return CommandRejectedException.invalid("Patch operation " + number + " " + problem + ".");
    }
}
