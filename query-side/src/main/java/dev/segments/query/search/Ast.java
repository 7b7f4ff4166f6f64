package dev.segments.query.search;

import java.util.ArrayList;
import java.util.List;

/** The parsed form of {@code q}: positions are 0-based indexes into the original text. */
final class Ast {

    static final int MAX_PATH_LENGTH = 256;

    private Ast() {
    }

    record FieldPath(String text, List<String> segments, int index) {
    }

    record Value(String text, boolean quoted, int index) {
    }

    enum Operator {
        GE(">="), LE("<="), GT(">"), LT("<");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    sealed interface Predicate permits Equals, In, Range, Presence, Regex {
    }

    record Equals(Value value) implements Predicate {
    }

    record In(List<Value> values) implements Predicate {
    }

    record Bound(Operator operator, Value value, int index) {
    }

    /** A single comparison ({@code >5}) or several ANDed ones ({@code (>=1 AND <9)}). */
    record Range(List<Bound> bounds) implements Predicate {
    }

    /** {@code exists} when present, {@code null} and {@code missing} (the same thing) otherwise. */
    record Presence(boolean present) implements Predicate {
    }

    record Regex(String pattern, int index) implements Predicate {
    }

    record Condition(FieldPath field, Predicate predicate) {
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Reads a dotted field path at {@code start}; shared by {@code q} and {@code sort}. */
    static FieldPath readPath(String text, int start, String parameter) {
        List<String> segments = new ArrayList<>();
        int i = start;
        while (true) {
            int segmentStart = i;
            while (i < text.length() && isNameChar(text.charAt(i))) {
                i++;
            }
            if (i == segmentStart) {
                String expected = segments.isEmpty() ? "Expected a field name" : "Expected a field name after '.'";
                throw InvalidSearchException.at(parameter, i, expected + found(text, i));
            }
            if (i - start > MAX_PATH_LENGTH) {
                throw InvalidSearchException.at(parameter, start, "Field name longer than " + MAX_PATH_LENGTH + " characters");
            }
            segments.add(text.substring(segmentStart, i));
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                continue;
            }
            return new FieldPath(text.substring(start, i), List.copyOf(segments), start);
        }
    }

    /** Describes what stands at {@code index} for an "expected X" message. */
    static String found(String text, int index) {
        if (index >= text.length()) {
            return " but the input ended";
        }
        int cp = text.codePointAt(index);
        return Character.isWhitespace(cp) ? " but found whitespace" : " but found '" + new String(Character.toChars(cp)) + "'";
    }
}
