package dev.segments.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What an event may carry: what the stores can hold, checked at the edge before anything is appended. An event
 * that a projection cannot write would otherwise be stored for good and stop that projection. PostgreSQL's text
 * and jsonb hold no NUL character and Jackson writes no unpaired surrogate; timestamps end at microseconds and
 * (here) between the years 1 and 9999, which the q language also reads; jsonb numbers are exact decimals, kept
 * exact end to end, within the limits below. Problems are phrased to follow a field's name ("Field 'x' ...").
 */
public final class Storable {

    /** The earliest and latest instant a date-time field may hold. */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** Significant digits and decimal exponent a number in free-form JSON may have. */
    public static final int MAX_DIGITS = 100;
    public static final int MAX_EXPONENT = 1_000;

    private Storable() {
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String textProblem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character, which cannot be stored.";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode text.";
            }
        }
        return null;
    }

    /**
     * The instant as the stores keep it: to the microsecond, as PostgreSQL does. The edge applies this to every
     * date-time it reads, so that an event never carries digits a projection would drop.
     */
    public static Instant storedPrecision(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Why {@code instant} cannot be stored, or null when it can. */
    public static String instantProblem(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (instant.isBefore(MIN_INSTANT) || instant.isAfter(MAX_INSTANT)) {
            return "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z.";
        }
        if (instant.get(ChronoField.NANO_OF_SECOND) % 1_000 != 0) {
            return "has more than microsecond precision.";
        }
        return null;
    }

    /**
     * Why a free-form JSON value (maps, lists, strings, numbers, booleans, null) cannot be stored, or null when
     * it can: every key and string must be storable text and every number within the limits. The problem names
     * where inside the value it lies.
     */
    public static String freeFormProblem(Object value) {
        return freeFormProblem(value, "");
    }

    private static String freeFormProblem(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String inner = at.isEmpty() ? key : at + "." + key;
                String problem = textProblem(key);
                if (problem != null) {
                    // the key itself is not repeated: an unpaired surrogate could not even be written back
                    return "has a key " + (at.isEmpty() ? "" : "in '" + at + "' ") + "that " + problem;
                }
                problem = freeFormProblem(entry.getValue(), inner);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String problem = freeFormProblem(list.get(i), at + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof String text) {
            String problem = textProblem(text);
            return problem == null ? null : problem.replace(", which", " at '" + at + "', which");
        }
        if (value instanceof Number number) {
            String problem = numberProblem(number);
            return problem == null ? null : problem + " at '" + at + "'.";
        }
        return null;
    }

    private static String numberProblem(Number number) {
        BigDecimal decimal;
        if (number instanceof BigDecimal big) {
            decimal = big;
        } else if (number instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return "holds a number that is not finite";
            }
            decimal = BigDecimal.valueOf(d);
        } else {
            return null;
        }
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (decimal.precision() > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT) {
            return "holds a number with more than " + MAX_DIGITS + " significant digits or a decimal exponent beyond "
                    + MAX_EXPONENT;
        }
        return null;
    }
}
