package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code fields} parameter: which response properties to keep. A parent path keeps its whole
 * subtree, paths reach into arrays element by element, and unknown names select nothing.
 */
public final class FieldSelection {

    static final int MAX_LENGTH = 2048;
    static final int MAX_PATHS = 100;
    private static final String FIELDS = "fields";

    /** Keeps everything, as when {@code fields} is absent. */
    public static final FieldSelection ALL = new FieldSelection(null);

    /** Trie of selected paths; a node with {@code whole} set keeps its subtree. Null for ALL. */
    private final Node root;

    private FieldSelection(Node root) {
        this.root = root;
    }

    /**
     * Parses a comma-separated list of dotted paths such as {@code id,name,metadata.version}.
     *
     * @throws InvalidSearchException for an empty element or a character outside {@code [A-Za-z0-9_-.]}
     */
    public static FieldSelection parse(String fields) {
        if (fields == null || fields.isBlank()) {
            return ALL;
        }
        if (fields.length() > MAX_LENGTH) {
            throw InvalidSearchException.of(FIELDS, "fields must be at most " + MAX_LENGTH + " characters long");
        }
        Node root = new Node();
        int count = 0;
        int i = 0;
        while (true) {
            while (i < fields.length() && QueryParser.isWhitespace(fields.charAt(i))) {
                i++;
            }
            if (i >= fields.length() || fields.charAt(i) == ',') {
                throw InvalidSearchException.at(FIELDS, i, "Empty field name");
            }
            if (++count > MAX_PATHS) {
                throw InvalidSearchException.at(FIELDS, i, "Too many fields (at most " + MAX_PATHS + ")");
            }
            Ast.FieldPath path = Ast.readPath(fields, i, FIELDS);
            root.add(path.segments());
            i += path.text().length();
            int afterPath = i;
            while (i < fields.length() && QueryParser.isWhitespace(fields.charAt(i))) {
                i++;
            }
            if (i >= fields.length()) {
                return new FieldSelection(root);
            }
            if (fields.charAt(i) != ',') {
                throw InvalidSearchException.at(FIELDS, afterPath, "Invalid character "
                        + quote(new String(Character.toChars(fields.codePointAt(afterPath)))));
            }
            i++;
        }
    }

    /** True when nothing is filtered out. */
    public boolean selectsAll() {
        return root == null;
    }

    /** A copy of {@code resource} holding only the selected paths, in the resource's own order. */
    public ObjectNode apply(ObjectNode resource) {
        return root == null ? resource.deepCopy() : root.project(resource);
    }

    private static final class Node {
        private final Map<String, Node> children = new LinkedHashMap<>();
        private boolean whole;

        void add(java.util.List<String> segments) {
            Node node = this;
            for (String segment : segments) {
                if (node.whole) {
                    return;
                }
                node = node.children.computeIfAbsent(segment, key -> new Node());
            }
            node.whole = true;
            node.children.clear();
        }

        ObjectNode project(ObjectNode source) {
            ObjectNode target = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> entries = source.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                Node child = children.get(entry.getKey());
                if (child == null) {
                    continue;
                }
                JsonNode projected = child.whole ? entry.getValue().deepCopy() : child.projectAny(entry.getValue());
                if (projected != null) {
                    target.set(entry.getKey(), projected);
                }
            }
            return target;
        }

        /** Nested selections apply to objects and to each object in an array; scalars have nothing below them. */
        private JsonNode projectAny(JsonNode value) {
            if (value.isObject()) {
                ObjectNode projected = project((ObjectNode) value);
                return projected.isEmpty() ? null : projected;
            }
            if (value.isArray()) {
                ArrayNode projected = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : value) {
                    if (element.isObject()) {
                        projected.add(project((ObjectNode) element));
                    }
                }
                return projected;
            }
            return null;
        }
    }
}
