package dev.segments.query.search;

import static dev.segments.query.search.InvalidSearchException.quote;

/**
 * The {@code pageNumber} (1-based) and {@code pageSize} of a list request, as SQL LIMIT and OFFSET.
 *
 * @param pageNumber 1-based page number
 * @param pageSize   rows per page, 1 to {@value #MAX_PAGE_SIZE}
 */
public record Paging(int pageNumber, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 60;
    public static final int MAX_PAGE_SIZE = 1000;

    public Paging {
        if (pageNumber < 1) {
            throw InvalidSearchException.of("pageNumber", "pageNumber must be between 1 and " + Integer.MAX_VALUE);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw InvalidSearchException.of("pageSize", "pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    /** Parses the raw request parameters; null or blank means the default (page 1, 60 per page). */
    public static Paging parse(String pageNumber, String pageSize) {
        int number = parse("pageNumber", pageNumber, 1, Integer.MAX_VALUE, 1);
        int size = parse("pageSize", pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        return new Paging(number, size);
    }

    public int limit() {
        return pageSize;
    }

    /** A long: page 2147483647 of 1000 rows lies beyond what an int can count. */
    public long offset() {
        return (pageNumber - 1L) * pageSize;
    }

    private static int parse(String name, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String text = raw.strip();
        String problem = name + " must be between " + min + " and " + max + " (was " + quote(text) + ")";
        // Digits only: Integer.parseInt would also take '+5' and non-ASCII digits.
        if (text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InvalidSearchException.of(name, problem);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw InvalidSearchException.of(name, problem);
        }
        return (int) value;
    }
}
