package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

import dev.segments.query.search.Ast.FieldPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Compiles {@code sort=field:ASC,other:DESC} into an ORDER BY list that always ends in the tie-breaker. */
final class SortCompiler {

    static final int MAX_LENGTH = 1024;
    static final int MAX_KEYS = 10;
    private static final String SORT = "sort";

    private SortCompiler() {
    }

    static SqlFragment compile(SearchSchema schema, String sort) {
        List<String> keys = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        Set<String> plainColumns = new HashSet<>();
        if (sort != null && !sort.isBlank()) {
            if (sort.length() > MAX_LENGTH) {
                throw InvalidSearchException.of(SORT, "sort must be at most " + MAX_LENGTH + " characters long");
            }
            int i = 0;
            while (true) {
                i = skipWhitespace(sort, i);
                if (keys.size() == MAX_KEYS) {
                    throw InvalidSearchException.at(SORT, i, "Too many sort fields (at most " + MAX_KEYS + ")");
                }
                if (i >= sort.length() || sort.charAt(i) == ',') {
                    throw InvalidSearchException.at(SORT, i, "Empty sort field");
                }
                FieldPath path = Ast.readPath(sort, i, SORT);
                i += path.text().length();
                String direction = "ASC";
                if (i < sort.length() && sort.charAt(i) == ':') {
                    int start = ++i;
                    while (i < sort.length() && sort.charAt(i) != ',' && !QueryParser.isWhitespace(sort.charAt(i))) {
                        i++;
                    }
                    String word = sort.substring(start, i);
                    if (word.equalsIgnoreCase("ASC") || word.equalsIgnoreCase("DESC")) {
                        direction = word.toUpperCase(Locale.ROOT);
                    } else {
                        throw InvalidSearchException.at(SORT, start, "Invalid sort direction " + quote(word), "use ASC or DESC");
                    }
                }
                FieldRef field = schema.resolve(path, SORT, "sort field");
                String expression = expression(field, parameters);
                if (field.subPath().isEmpty()) {
                    plainColumns.add(expression);
                }
                // values that can be missing (translations, mixins) sort last in both directions, as a
                // storefront expects; plain columns keep PostgreSQL's order so their indexes still serve DESC
                boolean mayBeMissing = field.type() == FieldType.LOCALIZED || field.type() == FieldType.JSON;
                keys.add(expression + " " + direction + (mayBeMissing && direction.equals("DESC") ? " NULLS LAST" : ""));
                i = skipWhitespace(sort, i);
                if (i >= sort.length()) {
                    break;
                }
                if (sort.charAt(i) != ',') {
                    throw InvalidSearchException.at(SORT, i, "Expected ',' between sort fields" + Ast.found(sort, i));
                }
                i++;
            }
        }
        for (String column : schema.tieBreaker()) {
            // Sorting twice by the same column is harmless but noisy; keep the caller's direction.
            if (!plainColumns.contains(column)) {
                keys.add(column + " ASC");
            }
        }
        return new SqlFragment(String.join(", ", keys), parameters);
    }

    private static String expression(FieldRef field, List<Object> parameters) {
        switch (field.type()) {
            case LOCALIZED:
                if (field.language() == null) {
                    throw InvalidSearchException.at(SORT, field.index(), "Sorting by localized field " + quote(field.path())
                            + " needs a language, such as '" + field.path() + ".en'");
                }
                // inlined so that an expression index on this translation can serve the order
                return "(" + field.column() + " ->> " + SearchSchema.languageLiteral(field.language()) + ")";
            case JSON:
                if (field.subPath().isEmpty()) {
                    throw InvalidSearchException.at(SORT, field.index(), "Sorting by " + quote(field.path())
                            + " needs a nested path such as '" + field.path() + ".someKey'");
                }
                parameters.add(JsonPaths.path(field.subPath()));
                // jsonb ordering puts numbers in numeric order and strings in text order.
                return "jsonb_path_query_first(" + field.column() + ", CAST(? AS jsonpath))";
            default:
                return field.column();
        }
    }

    private static int skipWhitespace(String text, int i) {
        while (i < text.length() && QueryParser.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
