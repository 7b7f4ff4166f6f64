package dev.segments.query.search;

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

    /** The requested page; null means the default (page 1, 60 per page). */
    public static Paging of(Integer pageNumber, Integer pageSize) {
        return new Paging(pageNumber == null ? 1 : pageNumber, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize);
    }

    public int limit() {
        return pageSize;
    }

    /** A long: page 2147483647 of 1000 rows lies beyond what an int can count. */
    public long offset() {
        return (pageNumber - 1L) * pageSize;
    }
}
