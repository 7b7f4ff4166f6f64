package dev.segments.query.search;

/**
 * A {@code q}, {@code sort}, paging or {@code fields} parameter the engine refuses; the web layer
 * answers it with HTTP 400 and {@link #getMessage()} as the message.
 */
public final class InvalidSearchException extends RuntimeException {

    private static final int MAX_ECHO = 40;

    private final String parameter;
    private final int position;

    private InvalidSearchException(String message, String parameter, int position) {
        super(message);
        this.parameter = parameter;
        this.position = position;
    }

    /** A problem tied to no particular character, such as a length or range limit. */
    static InvalidSearchException of(String parameter, String problem) {
        return new InvalidSearchException(problem, parameter, 0);
    }

    /** A problem at {@code index} (0-based) of the parameter's text; the message shows it 1-based. */
    static InvalidSearchException at(String parameter, int index, String problem) {
        return at(parameter, index, problem, null);
    }

    static InvalidSearchException at(String parameter, int index, String problem, String detail) {
        String message = problem + " at position " + (index + 1) + " of " + parameter
                + (detail == null ? "" : ": " + detail);
        return new InvalidSearchException(message, parameter, index + 1);
    }

    /** The request parameter at fault: {@code q}, {@code sort}, {@code fields}, {@code pageNumber} or {@code pageSize}. */
    public String parameter() {
        return parameter;
    }

    /** 1-based character position of the problem in the parameter, or 0 when it concerns the whole value. */
    public int position() {
        return position;
    }

    /** Quotes user input for a message, cut short so a huge input cannot bloat the error response. */
    static String quote(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        return "'" + shown + "'";
    }
}
