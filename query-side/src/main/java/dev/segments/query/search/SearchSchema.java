package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

import dev.segments.query.search.Ast.FieldPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whitelist of fields one list endpoint can filter and sort on, each mapped to a trusted SQL
 * column; compiles a request's {@code q} and {@code sort} against it.
 *
 * <pre>{@code
 * SearchSchema schema = SearchSchema.builder()
 *     .text("id", "s.id")
 *     .localized("name", "s.name")
 *     .json("mixins", "s.mixins")
 *     .number("metadata.version", "s.version")
 *     .tieBreaker("s.id")
 *     .build();
 * CompiledSearch search = schema.compile(q, sort);
 * }</pre>
 */
public final class SearchSchema {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private final Map<String, SearchField> fields;
    private final List<String> tieBreaker;

    private SearchSchema(Map<String, SearchField> fields, List<String> tieBreaker) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.tieBreaker = List.copyOf(tieBreaker);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compiles {@code q} and {@code sort} (either may be null or blank).
     *
     * @throws InvalidSearchException when either is malformed, too large or names an unknown field
     */
    public CompiledSearch compile(String q, String sort) {
        SqlFragment where = WhereCompiler.compile(this, QueryParser.parse(q));
        SqlFragment orderBy = SortCompiler.compile(this, sort);
        return new CompiledSearch(where.sql(), where.parameters(), orderBy.sql(), orderBy.parameters());
    }

    /**
     * A language as an SQL string literal, for expressions that indexes must be able to match (a bound
     * parameter would hide the language from the planner). Safe because the tag is re-checked against the
     * strict BCP-47 shape, which admits no quote or other SQL metacharacter.
     */
    static String languageLiteral(String language) {
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("Not a language tag: " + language);
        }
        return "'" + language + "'";
    }

    List<String> tieBreaker() {
        return tieBreaker;
    }

    /**
     * Finds the registered field a path starts with: a scalar field must match whole, a localized
     * field may be followed by one language, a JSON field by any number of keys.
     */
    FieldRef resolve(FieldPath path, String parameter, String kind) {
        List<String> segments = path.segments();
        for (int length = segments.size(); length > 0; length--) {
            SearchField field = fields.get(String.join(".", segments.subList(0, length)));
            if (field == null) {
                continue;
            }
            List<String> rest = segments.subList(length, segments.size());
            boolean fits = rest.isEmpty()
                    || field.type() == FieldType.JSON
                    || (field.type() == FieldType.LOCALIZED && rest.size() == 1);
            if (!fits) {
                break;
            }
            if (field.type() == FieldType.LOCALIZED && !rest.isEmpty() && !LANGUAGE.matcher(rest.get(0)).matches()) {
                throw InvalidSearchException.at(parameter, path.index(),
                        "Invalid language " + quote(rest.get(0)) + " in field " + quote(path.text()));
            }
            return new FieldRef(field, List.copyOf(rest), path.text(), path.index());
        }
        throw InvalidSearchException.at(parameter, path.index(), "Unknown " + kind + " " + quote(path.text()));
    }

    /** Declares fields; names are the API's dotted paths, columns are trusted SQL written by us. */
    public static final class Builder {

        private final Map<String, SearchField> fields = new LinkedHashMap<>();
        private final List<String> tieBreaker = new ArrayList<>();

        private Builder() {
        }

        /** A varchar/text column: equality, lists, regular expressions, null/exists/missing. */
        public Builder text(String name, String column) {
            return add(name, FieldType.TEXT, column);
        }

        /** A jsonb map language to text: {@code name.en:Gold}, or {@code name:Gold} for any language. */
        public Builder localized(String name, String column) {
            return add(name, FieldType.LOCALIZED, column);
        }

        /** A bigint or numeric column: equality, lists, comparisons and ranges. */
        public Builder number(String name, String column) {
            return add(name, FieldType.NUMBER, column);
        }

        /** A timestamptz column: equality, lists, comparisons and ranges with ISO-8601 values. */
        public Builder date(String name, String column) {
            return add(name, FieldType.DATE, column);
        }

        /** A boolean column: {@code true}/{@code false}. */
        public Builder bool(String name, String column) {
            return add(name, FieldType.BOOL, column);
        }

        /** A free-form jsonb document searched by any nested path below {@code name}. */
        public Builder json(String name, String column) {
            return add(name, FieldType.JSON, column);
        }

        /** Columns that make the order total, appended ascending after the requested sort keys. */
        public Builder tieBreaker(String... columns) {
            for (String column : columns) {
                tieBreaker.add(checkColumn(column));
            }
            return this;
        }

        public SearchSchema build() {
            if (tieBreaker.isEmpty()) {
                throw new IllegalStateException("A search schema needs a tie-breaker so that paging is stable");
            }
            return new SearchSchema(fields, tieBreaker);
        }

        private Builder add(String name, FieldType type, String column) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Invalid field name: " + name);
            }
            if (fields.putIfAbsent(name, new SearchField(name, type, checkColumn(column))) != null) {
                throw new IllegalArgumentException("Field declared twice: " + name);
            }
            return this;
        }

        private static String checkColumn(String column) {
            if (column == null || !COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("Column must be a plain (optionally qualified) identifier: " + column);
            }
            return column;
        }
    }
}
