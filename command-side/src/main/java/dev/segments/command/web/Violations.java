package dev.segments.command.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * How Bean Validation's findings read in the API's error messages: "Field 'metadata.version' must be a
 * positive integer.", with the field named by its JSON path, one sentence per finding, in a stable order.
 */
public final class Violations {

    private Violations() {
    }

    public static String message(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(Violations::sentence).sorted().collect(Collectors.joining(" "));
    }

    /**
     * "Field '&lt;path&gt;' &lt;message&gt;". A message that starts with a capital letter is a whole sentence already
     * (it names its own subject) and stays as it is.
     */
    public static String sentence(ConstraintViolation<?> violation) {
        String message = violation.getMessage();
        String path = path(violation.getPropertyPath());
        return path.isEmpty() || message.isEmpty() || Character.isUpperCase(message.charAt(0)) ? message
                : "Field '" + path + "' " + message;
    }

    /** The JSON path of a property path: record components by name, list elements by index, map entries by key. */
    public static String path(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CROSS_PARAMETER || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                path.append('.').append(node.getKey());
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
        }
        return path.toString();
    }

    /** A message template that Bean Validation shows as written (no parameters, no expressions). */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
