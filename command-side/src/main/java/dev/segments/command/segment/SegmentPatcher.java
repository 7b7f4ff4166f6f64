package dev.segments.command.segment;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.StrictJson;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.SegmentDetails;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Applies RFC 6902 {@code add}, {@code remove} and {@code replace} (through zjsonpatch) to a segment's
 * details as they appear in the API ({@link SegmentDocument}), and reads the result back as a request would be
 * read. Runs inside the segment aggregate, so a concurrent change can never slip in between reading and
 * writing. All operations apply to a copy; any failure rejects the whole patch, naming the operation, so
 * nothing is half-applied. Only client-owned fields may be patched: the id and the service's metadata cannot.
 */
@Component
class SegmentPatcher {

    static final int MAX_OPERATIONS = 200;
    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace");
    private static final Set<String> PATCHABLE = Set.of("name", "description", "validity", "status", "siteCode",
            "mixins");
    private static final Set<String> LOCALIZED = Set.of("name", "description");
    private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private final ObjectMapper mapper = StrictJson.mapper();

    SegmentDetails apply(SegmentDetails current, List<PatchOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw CommandRejectedException.invalid("The patch must be a non-empty array of operations.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw CommandRejectedException.invalid("The patch has more than " + MAX_OPERATIONS + " operations.");
        }
        JsonNode document = mapper.valueToTree(SegmentDocument.of(current));
        for (int i = 0; i < operations.size(); i++) {
            document = apply(document, operations.get(i), i + 1);
        }
        try {
            return mapper.treeToValue(document, SegmentDocument.class).details();
        } catch (JsonMappingException e) {
            throw CommandRejectedException.invalid(StrictJson.problem(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CommandRejectedException.invalid("The patched segment is not a valid segment.");
        }
    }

    private JsonNode apply(JsonNode document, PatchOperation operation, int number) {
        if (operation == null || operation.op() == null || operation.path() == null) {
            throw invalid(number, "needs 'op' and 'path'");
        }
        if (!OPERATIONS.contains(operation.op())) {
            throw invalid(number, "has unsupported op '" + operation.op() + "'; use add, remove or replace");
        }
        String path = operation.path();
        JsonPointer pointer = pointer(path, number);
        checkPatchable(pointer, path, number);
        if (!operation.op().equals("remove") && operation.value() == null) {
            throw invalid(number, "needs a 'value'");
        }
        boolean adding = operation.op().equals("add");
        if (adding && isTranslation(pointer) && document.path(pointer.getMatchingProperty()).isMissingNode()) {
            // the first translation of a description (or name) the segment does not have yet
            ((ObjectNode) document).putObject(pointer.getMatchingProperty());
        }
        JsonNode parent = document.at(pointer.head());
        String last = pointer.last().getMatchingProperty();
        if (parent instanceof ArrayNode && !ARRAY_INDEX.matcher(last).matches() && !(last.equals("-") && adding)) {
            throw adding ? invalid(number, "has an array index out of range in '" + path + "'")
                    : invalid(number, "path '" + path + "' does not exist");
        }
        if (!adding && document.at(pointer).isMissingNode()) {
            throw invalid(number, "path '" + path + "' does not exist");
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode().put("op", operation.op())
                .put("path", encodedTwice(pointer));
        if (operation.value() != null) {
            patch.set("value", mapper.valueToTree(operation.value()));
        }
        try {
            return JsonPatch.apply(JsonNodeFactory.instance.arrayNode().add(patch), document, STRICT);
        } catch (JsonPatchApplicationException e) {
            throw parent instanceof ArrayNode && adding
                    ? invalid(number, "has an array index out of range in '" + path + "'")
                    : invalid(number, "path '" + path + "' does not exist");
        }
    }

    /**
     * zjsonpatch 0.4.16 unescapes every token twice ({@code JsonPointer.parse}, then {@code RefToken.parse}), so
     * the valid pointer {@code /mixins/~01} (key "~1") would reach key "/". Handing it each token escaped twice
     * makes both passes together yield the token the client meant.
     */
    private static String encodedTwice(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer rest = pointer; rest != null && !rest.matches(); rest = rest.tail()) {
            path.append('/').append(escape(escape(rest.getMatchingProperty())));
        }
        return path.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static JsonPointer pointer(String path, int number) {
        try {
            JsonPointer pointer = JsonPointer.compile(path);
            if (pointer.matches()) {
                throw new IllegalArgumentException("the whole document");
            }
            return pointer;
        } catch (IllegalArgumentException e) {
            throw invalid(number, "has path '" + path + "', which is not a JSON pointer");
        }
    }

    private static boolean isTranslation(JsonPointer pointer) {
        return LOCALIZED.contains(pointer.getMatchingProperty()) && pointer.tail() != null
                && pointer.tail().tail() != null && pointer.tail().tail().matches();
    }

    private static void checkPatchable(JsonPointer pointer, String path, int number) {
        String first = pointer.getMatchingProperty();
        JsonPointer rest = pointer.tail();
        boolean metadataMixins = first.equals("metadata") && rest != null && !rest.matches()
                && rest.getMatchingProperty().equals("mixins");
        if (!(PATCHABLE.contains(first) || metadataMixins)) {
            throw invalid(number, "targets '" + path + "', which cannot be patched; patchable are /name, "
                    + "/description, /validity, /status, /siteCode, /mixins and /metadata/mixins");
        }
    }

    private static CommandRejectedException invalid(int number, String problem) {
        return CommandRejectedException.invalid("Patch operation " + number + " " + problem + ".");
    }
}
