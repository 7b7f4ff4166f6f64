package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

import dev.segments.query.search.Ast.Bound;
import dev.segments.query.search.Ast.Condition;
import dev.segments.query.search.Ast.Equals;
import dev.segments.query.search.Ast.FieldPath;
import dev.segments.query.search.Ast.In;
import dev.segments.query.search.Ast.Operator;
import dev.segments.query.search.Ast.Predicate;
import dev.segments.query.search.Ast.Presence;
import dev.segments.query.search.Ast.Range;
import dev.segments.query.search.Ast.Regex;
import dev.segments.query.search.Ast.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code q} into conditions. Purely syntactic: field names and value types are checked by
 * {@link WhereCompiler} against a schema, so a syntax error is reported before an unknown field.
 */
final class QueryParser {

    static final int MAX_LENGTH = 4096;
    static final int MAX_CONDITIONS = 50;
    static final int MAX_VALUES = 200;
    /** Each regular expression costs PostgreSQL a compilation; a handful per query keeps that small. */
    static final int MAX_REGEXES = 10;
    private static final String Q = "q";

    private final String in;
    private int pos;
    private int regexes;

    private QueryParser(String in) {
        this.in = in;
    }

    static List<Condition> parse(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        if (q.length() > MAX_LENGTH) {
            throw InvalidSearchException.of(Q, "q must be at most " + MAX_LENGTH + " characters long");
        }
        return new QueryParser(q).conditions();
    }

    private List<Condition> conditions() {
        rejectControlCharacters();
        List<Condition> conditions = new ArrayList<>();
        skipWhitespace();
        while (!atEnd()) {
            if (conditions.size() == MAX_CONDITIONS) {
                throw error(pos, "Too many conditions (at most " + MAX_CONDITIONS + ")");
            }
            conditions.add(condition());
            if (!atEnd() && !isWhitespace(peek())) {
                throw error(pos, "Unexpected " + quote(String.valueOf(peek())));
            }
            skipWhitespace();
        }
        return List.copyOf(conditions);
    }

    private void rejectControlCharacters() {
        for (int k = 0; k < in.length(); k++) {
            char c = in.charAt(k);
            // NUL cannot travel in a PostgreSQL text parameter; other controls are never meaningful here.
            if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                throw error(k, String.format("Invalid character U+%04X", (int) c));
            }
        }
    }

    private Condition condition() {
        FieldPath field = Ast.readPath(in, pos, Q);
        pos += field.text().length();
        if (atEnd() || peek() != ':') {
            throw error(pos, "Expected ':' after field " + quote(field.text()) + Ast.found(in, pos));
        }
        pos++;
        return new Condition(field, predicate(field));
    }

    private Predicate predicate(FieldPath field) {
        if (atEnd() || isWhitespace(peek())) {
            throw error(pos, "Missing value for field " + quote(field.text()));
        }
        char c = peek();
        if (c == '~') {
            return regex();
        }
        if (c == '(') {
            return group(field);
        }
        if (c == '>' || c == '<') {
            return new Range(List.of(bound(false)));
        }
        Value value = value("Expected a value for field " + quote(field.text()));
        if (!value.quoted()) {
            switch (value.text()) {
                case "null":
                case "missing":
                    return new Presence(false);
                case "exists":
                    return new Presence(true);
                default:
                    break;
            }
        }
        return new Equals(value);
    }

    private Value value(String expectation) {
        int start = pos;
        if (!atEnd() && peek() == '"') {
            return new Value(quoted(), true, start);
        }
        while (!atEnd() && isBareChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw error(pos, expectation + Ast.found(in, pos));
        }
        return new Value(in.substring(start, pos), false, start);
    }

    /** A double-quoted value; only {@code \"} and {@code \\} are escapes, any other backslash stays. */
    private String quoted() {
        int start = pos;
        pos++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(start, "Unterminated quoted value");
            }
            char c = in.charAt(pos++);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\' && !atEnd() && (peek() == '"' || peek() == '\\')) {
                c = in.charAt(pos++);
            }
            text.append(c);
        }
    }

    private Bound bound(boolean inGroup) {
        int start = pos;
        Operator operator = null;
        for (Operator candidate : Operator.values()) {
            if (in.startsWith(candidate.symbol, pos)) {
                operator = candidate;
                break;
            }
        }
        if (operator == null) {
            throw error(pos, "Expected a comparison such as '>=10'" + Ast.found(in, pos));
        }
        pos += operator.symbol.length();
        if (inGroup) {
            skipWhitespace();
        }
        return new Bound(operator, value("Expected a value after '" + operator.symbol + "'"), start);
    }

    private Predicate group(FieldPath field) {
        pos++;
        skipWhitespace();
        if (!atEnd() && peek() == ')') {
            throw error(pos, "Empty value list");
        }
        if (!atEnd() && (peek() == '>' || peek() == '<')) {
            return range();
        }
        List<Value> values = new ArrayList<>();
        while (true) {
            if (values.size() == MAX_VALUES) {
                throw error(pos, "Too many values in a list (at most " + MAX_VALUES + ")");
            }
            if (!atEnd() && (peek() == '>' || peek() == '<')) {
                throw error(pos, "Comparisons cannot be mixed with a list of values");
            }
            Value value = value("Expected a value for field " + quote(field.text()));
            if (!value.quoted() && (value.text().equals("null") || value.text().equals("exists") || value.text().equals("missing"))) {
                throw error(value.index(), quote(value.text()) + " cannot be used inside a list of values");
            }
            values.add(value);
            skipWhitespace();
            if (atEnd()) {
                throw error(pos, "Expected ')'");
            }
            if (peek() == ')') {
                pos++;
                return new In(List.copyOf(values));
            }
            if (peek() != ',') {
                throw error(pos, "Expected ',' or ')'" + Ast.found(in, pos));
            }
            pos++;
            skipWhitespace();
        }
    }

    private Predicate range() {
        List<Bound> bounds = new ArrayList<>();
        while (true) {
            if (bounds.size() == MAX_VALUES) {
                throw error(pos, "Too many comparisons in a range (at most " + MAX_VALUES + ")");
            }
            bounds.add(bound(true));
            skipWhitespace();
            if (atEnd()) {
                throw error(pos, "Expected ')'");
            }
            if (peek() == ')') {
                pos++;
                return new Range(List.copyOf(bounds));
            }
            if (!in.regionMatches(true, pos, "AND", 0, 3)) {
                throw error(pos, "Expected 'AND' or ')'" + Ast.found(in, pos));
            }
            pos += 3;
            skipWhitespace();
        }
    }

    private Predicate regex() {
        int tilde = pos;
        if (++regexes > MAX_REGEXES) {
            throw error(tilde, "Too many regular expressions (at most " + MAX_REGEXES + ")");
        }
        pos++;
        if (atEnd() || isWhitespace(peek())) {
            throw error(pos, "Expected a regular expression after '~'");
        }
        String pattern;
        int close = peek() == '(' ? matchingParenthesis(pos) : -1;
        if (close >= 0 && (close + 1 == in.length() || isWhitespace(in.charAt(close + 1)))) {
            // ~(with spaces): the outer parentheses only delimit; dropping them does not change what matches.
            pattern = in.substring(pos + 1, close);
            pos = close + 1;
        } else if (peek() == '"') {
            pattern = quoted();
        } else {
            int start = pos;
            while (!atEnd() && !isWhitespace(peek())) {
                pos++;
            }
            pattern = in.substring(start, pos);
        }
        String problem = PostgresRegex.problem(pattern);
        if (problem != null) {
            throw InvalidSearchException.at(Q, tilde, "Invalid regular expression", problem);
        }
        return new Regex(pattern, tilde);
    }

    private int matchingParenthesis(int open) {
        int depth = 0;
        for (int k = open; k < in.length(); k++) {
            char c = in.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isBareChar(char c) {
        return !isWhitespace(c) && c != '(' && c != ')' && c != ',' && c != '"';
    }

    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private void skipWhitespace() {
        while (!atEnd() && isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= in.length();
    }

    private char peek() {
        return in.charAt(pos);
    }

    private static InvalidSearchException error(int index, String problem) {
        return InvalidSearchException.at(Q, index, problem);
    }
}
