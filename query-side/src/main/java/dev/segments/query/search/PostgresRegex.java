package dev.segments.query.search;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Accepts only the regular expressions that PostgreSQL's ARE engine and java.util.regex both
 * compile, so a pattern that passed here cannot fail the query with SQLSTATE 2201B.
 *
 * <p>The two dialects disagree on escapes ({@code \b}, {@code \B}, {@code \m}, back references),
 * bracket syntax ({@code [[:alpha:]]}, nested classes), quantifiers on anchors and possessive
 * quantifiers, and PostgreSQL refuses patterns whose expanded automaton grows too large. Rather
 * than translate between them, the validator admits a common subset and bounds the expansion.
 */
final class PostgresRegex {

    static final int MAX_LENGTH = 256;
    /** PostgreSQL expands counted repetitions into copies; {@code (a{1,255}){1,200}} is already too complex. */
    static final long MAX_SIZE = 10_000;
    /**
     * Bound on size times optional paths. PostgreSQL's compile time grows steeply with the number of
     * empty transitions ({@code ?}, {@code *}, optional copies) in the expanded automaton:
     * {@code (([ab]|c)*|c){1,255}} takes seconds, {@code ((a?){1,100}){1,100}} is refused as too
     * complex. Measured on PostgreSQL 15, anything within this bound compiles in about 15 ms or less.
     */
    static final long MAX_SIZE_TIMES_OPTIONALS = 20_000;
    private static final long SATURATED = 1L << 40;
    private static final int MAX_DEPTH = 20;

    private final int[] cps;
    private int i;

    private PostgresRegex(String pattern) {
        this.cps = pattern.codePoints().toArray();
    }

    /** Returns why the pattern is refused, or {@code null} when it is safe to hand to PostgreSQL. */
    static String problem(String pattern) {
        if (pattern.isEmpty()) {
            return "empty pattern";
        }
        if (pattern.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        try {
            new PostgresRegex(pattern).validate();
        } catch (Refused refused) {
            return refused.getMessage();
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return e.getDescription();
        }
        return null;
    }

    private void validate() {
        Cost cost = alternation(0);
        if (i < cps.length) {
            throw refuse("unbalanced ')'");
        }
        if (cost.size() > MAX_SIZE || multiply(cost.size(), cost.optionals()) > MAX_SIZE_TIMES_OPTIONALS) {
            throw new Refused("too complex: reduce the repetition counts or the optional parts inside repeated groups");
        }
    }

    private Cost alternation(int depth) {
        if (depth > MAX_DEPTH) {
            throw refuse("groups nested deeper than " + MAX_DEPTH);
        }
        Cost total = sequence(depth);
        while (i < cps.length && cps[i] == '|') {
            i++;
            total = total.plus(sequence(depth));
        }
        return total;
    }

    private Cost sequence(int depth) {
        Cost total = new Cost(0, 0);
        boolean empty = true;
        while (i < cps.length && cps[i] != '|' && cps[i] != ')') {
            empty = false;
            Atom atom = atom(depth);
            Cost cost = atom.cost();
            if (i < cps.length && isQuantifier(cps[i])) {
                if (!atom.quantifiable()) {
                    throw refuse("quantifier after an anchor or lookaround");
                }
                cost = quantifier(cost);
                if (i < cps.length && isQuantifier(cps[i])) {
                    throw refuse("quantifier follows another quantifier");
                }
            }
            total = total.plus(cost);
        }
        // An empty branch is one more way through without consuming anything.
        return empty ? new Cost(1, 1) : total;
    }

    private Atom atom(int depth) {
        int c = cps[i];
        switch (c) {
            case '(':
                return group(depth);
            case '[':
                bracket();
                return new Atom(Cost.ONE, true);
            case '^':
            case '$':
                i++;
                return new Atom(Cost.ONE, false);
            case '\\':
                return escape();
            case '*':
            case '+':
            case '?':
            case '{':
                throw refuse("quantifier without anything to repeat");
            default:
                i++;
                return new Atom(Cost.ONE, true);
        }
    }

    private Atom group(int depth) {
        int open = i;
        i++;
        boolean lookaround = false;
        if (i < cps.length && cps[i] == '?') {
            i++;
            if (startsWith(":")) {
                i += 1;
            } else if (startsWith("=") || startsWith("!")) {
                i += 1;
                lookaround = true;
            } else if (startsWith("<=") || startsWith("<!")) {
                i += 2;
                lookaround = true;
            } else {
                throw refuse("unsupported group syntax '(?'");
            }
        }
        Cost inner = alternation(depth + 1);
        if (i >= cps.length || cps[i] != ')') {
            i = open;
            throw refuse("unclosed '('");
        }
        i++;
        // PostgreSQL rejects a quantifier on a bare lookaround, but accepts one on a group around it.
        return new Atom(inner.size() == 0 ? Cost.ONE : inner, !lookaround);
    }

    private Atom escape() {
        if (i + 1 >= cps.length) {
            throw refuse("trailing backslash");
        }
        int e = cps[i + 1];
        i += 2;
        if ("dDsSwWtnrfv".indexOf(e) >= 0 || isAsciiPunctuation(e)) {
            return new Atom(Cost.ONE, true);
        }
        if (e == 'A' || e == 'Z') {
            return new Atom(Cost.ONE, false);
        }
        i -= 2;
        throw refuse("unsupported escape '\\" + new String(Character.toChars(e)) + "'");
    }

    private void bracket() {
        int open = i;
        i++;
        if (i < cps.length && cps[i] == '^') {
            i++;
        }
        int elements = 0;
        while (true) {
            if (i >= cps.length) {
                i = open;
                throw refuse("unclosed '['");
            }
            int c = cps[i];
            if (c == ']') {
                if (elements == 0) {
                    throw refuse("empty bracket expression (escape a literal ']' as '\\]')");
                }
                i++;
                return;
            }
            int start = bracketElement();
            if (isRangeDash()) {
                if (start < 0) {
                    throw refuse("a character class cannot start a range");
                }
                i++;
                int end = bracketElement();
                if (end < 0) {
                    throw refuse("a character class cannot end a range");
                }
                if (end < start) {
                    throw refuse("invalid character range");
                }
                if (isRangeDash()) {
                    throw refuse("'-' right after a range must be escaped");
                }
            }
            elements++;
        }
    }

    private boolean isRangeDash() {
        return i + 1 < cps.length && cps[i] == '-' && cps[i + 1] != ']';
    }

    /** Returns the element's code point, or -1 for a class escape such as {@code \d}. */
    private int bracketElement() {
        int c = cps[i];
        if (c == '[') {
            // '[' starts POSIX classes in PostgreSQL and nested classes in Java.
            throw refuse("'[' inside a bracket expression must be escaped");
        }
        if (c != '\\') {
            i++;
            return c;
        }
        if (i + 1 >= cps.length) {
            throw refuse("trailing backslash");
        }
        int e = cps[i + 1];
        i += 2;
        switch (e) {
            case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
                return -1;
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'f': return '\f';
            case 'v': return 0x0B;
            default:
                if (isAsciiPunctuation(e)) {
                    return e;
                }
                i -= 2;
                throw refuse("unsupported escape '\\" + new String(Character.toChars(e)) + "' in a bracket expression");
        }
    }

    /** Parses a quantifier at {@code i} and returns the cost of its operand repeated the PostgreSQL way. */
    private Cost quantifier(Cost operand) {
        int c = cps[i];
        Cost result;
        if (c == '*' || c == '?') {
            i++;
            result = new Cost(operand.size(), operand.optionals() + 1);
        } else if (c == '+') {
            i++;
            result = operand.times(2, 1);
        } else {
            int open = i;
            i++;
            int min = count(open);
            int max = min;
            boolean unbounded = false;
            if (i < cps.length && cps[i] == ',') {
                i++;
                if (i < cps.length && cps[i] == '}') {
                    unbounded = true;
                } else {
                    max = count(open);
                }
            }
            if (i >= cps.length || cps[i] != '}') {
                i = open;
                throw refuse("invalid repetition count (escape a literal '{' as '\\{')");
            }
            i++;
            if (max < min) {
                i = open;
                throw refuse("repetition count {min,max} with max smaller than min");
            }
            // PostgreSQL builds one copy per count; each copy beyond the minimum is optional.
            result = unbounded ? operand.times(min + 1L, 1) : operand.times(Math.max(1, max), max - min);
        }
        if (i < cps.length && cps[i] == '?') {
            i++; // lazy variant, supported by both engines
        }
        return result;
    }

    private int count(int open) {
        int start = i;
        int value = 0;
        while (i < cps.length && cps[i] >= '0' && cps[i] <= '9' && i - start < 4) {
            value = value * 10 + (cps[i] - '0');
            i++;
        }
        if (i == start || value > 255) {
            i = open;
            throw refuse("invalid repetition count (counts go from 0 to 255; escape a literal '{' as '\\{')");
        }
        return value;
    }

    private boolean startsWith(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (i + k >= cps.length || cps[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isQuantifier(int c) {
        return c == '*' || c == '+' || c == '?' || c == '{';
    }

    private static boolean isAsciiPunctuation(int c) {
        return c < 128 && c > ' ' && !Character.isLetterOrDigit(c) && c != 127;
    }

    private static long add(long a, long b) {
        return Math.min(a + b, SATURATED);
    }

    private static long multiply(long a, long b) {
        return b != 0 && a > SATURATED / b ? SATURATED : Math.min(a * b, SATURATED);
    }

    private Refused refuse(String problem) {
        return new Refused(problem + " at character " + (i + 1) + " of the pattern");
    }

    /**
     * Estimated size of the automaton PostgreSQL builds, and how many optional paths (empty
     * transitions) it holds; both saturate instead of overflowing.
     */
    private record Cost(long size, long optionals) {
        static final Cost ONE = new Cost(1, 0);

        Cost plus(Cost other) {
            return new Cost(add(size, other.size), add(optionals, other.optionals));
        }

        Cost times(long copies, long extraOptionals) {
            return new Cost(multiply(size, copies), add(multiply(optionals, copies), extraOptionals));
        }
    }

    private record Atom(Cost cost, boolean quantifiable) {
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
