package dev.segments.query.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Instants in query parameters ({@code asOf}, {@code from}, {@code to}): ISO-8601 date-times with an offset, in
 * the years 1 to 9999 like every date-time the API accepts; anything else is a 400 that names the parameter.
 */
public final class Instants {

    /** What {@code asOf} means, for the OpenAPI document of every read that takes it. */
    public static final String AS_OF = "The state exactly as it was at this instant (ISO-8601 with offset), from the "
            + "audit history; 404 when the resource did not exist then. Needs customersegment.segment_read.";

    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Instants() {
    }

    /** The parameter's instant, or null when it was not given. */
    public static Instant parse(String parameter, String value) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The parameter " + parameter + " must be an "
                    + "ISO-8601 date-time with an offset in the years 1 to 9999, such as 2026-01-01T00:00:00Z.");
        }
    }
}
