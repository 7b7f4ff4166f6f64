package dev.segments.query.search;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Reads typed literals from {@code q} text into values pgjdbc binds with {@code setObject}. */
final class Values {

    /** No exponent and bounded digits, so neither BigDecimal nor PostgreSQL numeric can be made to blow up. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]{1,40}(\\.[0-9]{1,40})?");
    private static final Pattern PLAIN_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private Values() {
    }

    /** The number in {@code text}, or {@code null} when it is not one. */
    static BigDecimal number(String text) {
        return NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    /** A Long when the number is integral and fits, so bigint columns compare without a numeric cast. */
    static Object bindableNumber(BigDecimal number) {
        if (number.scale() <= 0 && number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                && number.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
            return number.longValueExact();
        }
        return number;
    }

    /**
     * An ISO-8601 instant with offset ({@code 2024-05-18T07:27:27.455Z}) or a plain date taken as
     * the start of that day in UTC; {@code null} when {@code text} is neither. Years are kept to
     * 1..9999 so PostgreSQL never sees a timestamp out of its range.
     */
    static OffsetDateTime date(String text) {
        if (text.length() > 64) {
            return null;
        }
        OffsetDateTime parsed;
        try {
            if (PLAIN_DATE.matcher(text).matches()) {
                parsed = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().atOffset(ZoneOffset.UTC);
            } else {
                parsed = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        OffsetDateTime utc = parsed.withOffsetSameInstant(ZoneOffset.UTC);
        return utc.getYear() >= 1 && utc.getYear() <= 9999 ? utc : null;
    }

    /** {@code true}/{@code false} in any case, or {@code null}. */
    static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return null;
    }
}
