package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

import dev.segments.query.search.Ast.Bound;
import dev.segments.query.search.Ast.Condition;
import dev.segments.query.search.Ast.Equals;
import dev.segments.query.search.Ast.In;
import dev.segments.query.search.Ast.Predicate;
import dev.segments.query.search.Ast.Presence;
import dev.segments.query.search.Ast.Range;
import dev.segments.query.search.Ast.Regex;
import dev.segments.query.search.Ast.Value;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns parsed conditions into one SQL boolean expression. Column names come only from the
 * schema; every user value becomes a {@code ?} parameter, jsonpath text included.
 */
final class WhereCompiler {

    private static final String Q = "q";
    private static final String JSONPATH = "CAST(? AS jsonpath)";
    /** Types whose text a regular expression on a JSON path is matched against. */
    private static final String SCALAR_FILTER = "@.type() == \"string\" || @.type() == \"number\" || @.type() == \"boolean\"";

    private final SearchSchema schema;
    private final List<Object> parameters = new ArrayList<>();

    private WhereCompiler(SearchSchema schema) {
        this.schema = schema;
    }

    static SqlFragment compile(SearchSchema schema, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return new SqlFragment("true", List.of());
        }
        WhereCompiler compiler = new WhereCompiler(schema);
        List<String> parts = new ArrayList<>();
        for (Condition condition : conditions) {
            parts.add(compiler.condition(condition));
        }
        return new SqlFragment(String.join(" AND ", parts), compiler.parameters);
    }

    private String condition(Condition condition) {
        FieldRef field = schema.resolve(condition.field(), Q, "field");
        Predicate predicate = condition.predicate();
        return switch (field.type()) {
            case TEXT, NUMBER, DATE, BOOL -> column(field, predicate);
            case LOCALIZED -> localized(field, predicate);
            case JSON -> json(field, predicate);
        };
    }

    // ---- plain columns -------------------------------------------------------------------

    private String column(FieldRef field, Predicate predicate) {
        String column = field.column();
        if (predicate instanceof Presence presence) {
            return column + (presence.present() ? " IS NOT NULL" : " IS NULL");
        }
        if (predicate instanceof Equals equals) {
            parameters.add(scalar(field, equals.value()));
            return column + " = ?";
        }
        if (predicate instanceof In in) {
            List<String> placeholders = new ArrayList<>();
            for (Value value : in.values()) {
                parameters.add(scalar(field, value));
                placeholders.add("?");
            }
            return column + " IN (" + String.join(", ", placeholders) + ")";
        }
        if (predicate instanceof Range range) {
            List<String> parts = new ArrayList<>();
            for (Bound bound : range.bounds()) {
                if (field.type() != FieldType.NUMBER && field.type() != FieldType.DATE) {
                    throw InvalidSearchException.at(Q, bound.index(), "Comparison '" + bound.operator().symbol
                            + "' is not supported on " + field.type().label + " field " + quote(field.path()));
                }
                parameters.add(scalar(field, bound.value()));
                parts.add(column + " " + bound.operator().symbol + " ?");
            }
            return parenthesized(parts, " AND ");
        }
        Regex regex = (Regex) predicate;
        if (field.type() != FieldType.TEXT) {
            throw InvalidSearchException.at(Q, regex.index(), "Regular expressions are not supported on "
                    + field.type().label + " field " + quote(field.path()));
        }
        parameters.add(regex.pattern());
        return column + " ~ ?";
    }

    private static Object scalar(FieldRef field, Value value) {
        String text = value.text();
        switch (field.type()) {
            case NUMBER: {
                BigDecimal number = Values.number(text);
                if (number == null) {
                    throw InvalidSearchException.at(Q, value.index(), "Value " + quote(text)
                            + " for numeric field " + quote(field.path()) + " is not a number");
                }
                return Values.bindableNumber(number);
            }
            case DATE: {
                OffsetDateTime date = Values.date(text);
                if (date == null) {
                    throw InvalidSearchException.at(Q, value.index(), "Value " + quote(text) + " for date field "
                            + quote(field.path()) + " is not an ISO-8601 instant or date between years 1 and 9999");
                }
                return date;
            }
            case BOOL: {
                Boolean bool = Values.bool(text);
                if (bool == null) {
                    throw InvalidSearchException.at(Q, value.index(), "Value " + quote(text)
                            + " for boolean field " + quote(field.path()) + " must be true or false");
                }
                return bool;
            }
            default:
                return text;
        }
    }

    // ---- localized maps (jsonb language -> text) ------------------------------------------

    private String localized(FieldRef field, Predicate predicate) {
        String column = field.column();
        String language = field.language();
        // Without a language the condition holds when any translation satisfies it.
        String target = language == null ? "$.*" : JsonPaths.path(List.of(language));
        if (predicate instanceof Presence presence) {
            if (language != null) {
                parameters.add(language);
                return "(" + column + " ->> CAST(? AS text))" + (presence.present() ? " IS NOT NULL" : " IS NULL");
            }
            return pathExists(column, target + " ? (@.type() == \"string\")", presence.present());
        }
        if (predicate instanceof Equals || predicate instanceof In) {
            List<String> alternatives = new ArrayList<>();
            for (Value value : values(predicate)) {
                alternatives.add("@ == " + JsonPaths.string(value.text()));
            }
            return pathExists(column, target + " ? (" + String.join(" || ", alternatives) + ")", true);
        }
        if (predicate instanceof Range range) {
            throw InvalidSearchException.at(Q, range.bounds().get(0).index(), "Comparison '"
                    + range.bounds().get(0).operator().symbol + "' is not supported on localized field " + quote(field.path()));
        }
        Regex regex = (Regex) predicate;
        if (language != null) {
            // the language is inlined so that an expression index (trigram) on this translation can serve
            parameters.add(regex.pattern());
            return "(" + column + " ->> " + SearchSchema.languageLiteral(language) + ") ~ ?";
        }
        return regexOverPath(column, target + " ? (@.type() == \"string\")", regex.pattern());
    }

    // ---- free-form JSON documents ------------------------------------------------------------

    private String json(FieldRef field, Predicate predicate) {
        String column = field.column();
        if (field.subPath().isEmpty()) {
            if (predicate instanceof Presence presence) {
                return presence.present()
                        ? "(" + column + " IS NOT NULL AND jsonb_typeof(" + column + ") <> 'null')"
                        : "(" + column + " IS NULL OR jsonb_typeof(" + column + ") = 'null')";
            }
            throw InvalidSearchException.at(Q, field.index(), "Field " + quote(field.path())
                    + " needs a nested path such as '" + field.path() + ".someKey'");
        }
        String path = JsonPaths.path(field.subPath());
        if (predicate instanceof Presence presence) {
            return pathExists(column, path + " ? (@.type() != \"null\")", presence.present());
        }
        if (predicate instanceof Equals || predicate instanceof In) {
            List<String> alternatives = new ArrayList<>();
            for (Value value : values(predicate)) {
                alternatives.addAll(jsonEquals(value));
            }
            return pathExists(column, path + " ? (" + String.join(" || ", alternatives) + ")", true);
        }
        if (predicate instanceof Range range) {
            List<String> comparisons = new ArrayList<>();
            for (Bound bound : range.bounds()) {
                comparisons.add("@ " + bound.operator().symbol + " " + jsonComparable(field, bound.value()));
            }
            return pathExists(column, path + " ? (" + String.join(" && ", comparisons) + ")", true);
        }
        return regexOverPath(column, path + " ? (" + SCALAR_FILTER + ")", ((Regex) predicate).pattern());
    }

    /** A bare value also matches the JSON number or boolean it spells; a quoted one only the string. */
    private static List<String> jsonEquals(Value value) {
        List<String> alternatives = new ArrayList<>();
        alternatives.add("@ == " + JsonPaths.string(value.text()));
        if (!value.quoted()) {
            BigDecimal number = Values.number(value.text());
            if (number != null) {
                alternatives.add("@ == " + number.toPlainString());
            }
            Boolean bool = Values.bool(value.text());
            if (bool != null) {
                alternatives.add("@ == " + bool);
            }
        }
        return alternatives;
    }

    /** Numbers compare numerically; dates compare as their ISO-8601 strings, which sort chronologically. */
    private static String jsonComparable(FieldRef field, Value value) {
        BigDecimal number = Values.number(value.text());
        if (number != null) {
            return number.toPlainString();
        }
        if (Values.date(value.text()) != null) {
            return JsonPaths.string(value.text());
        }
        throw InvalidSearchException.at(Q, value.index(), "Value " + quote(value.text()) + " for a comparison on "
                + quote(field.path()) + " must be a number or an ISO-8601 date");
    }

    // ---- shared SQL shapes -------------------------------------------------------------------

    /**
     * {@code column @@ 'exists(path)'} can be served by a GIN (jsonb_path_ops) index, like {@code @?},
     * but keeps '?' out of the SQL text, where JDBC would take it for a placeholder. It yields NULL
     * rather than false when the path errors, so the negated form is wrapped in COALESCE.
     */
    private String pathExists(String column, String jsonPath, boolean positive) {
        parameters.add("exists(" + jsonPath + ")");
        String test = column + " @@ " + JSONPATH;
        return positive ? test : "NOT COALESCE(" + test + ", false)";
    }

    /** PostgreSQL's own {@code ~} on each scalar the path yields, so JSON and text columns share one regex dialect. */
    private String regexOverPath(String column, String jsonPath, String pattern) {
        parameters.add(jsonPath);
        parameters.add(pattern);
        return "EXISTS (SELECT 1 FROM jsonb_path_query(" + column + ", " + JSONPATH + ") AS j(v) WHERE (j.v #>> '{}') ~ ?)";
    }

    private static List<Value> values(Predicate predicate) {
        return predicate instanceof Equals equals ? List.of(equals.value()) : ((In) predicate).values();
    }

    private static String parenthesized(List<String> parts, String separator) {
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(separator, parts) + ")";
    }
}
