package dev.segments.command;

/**
 * A command that the rules refuse. The reason decides the HTTP status; the message is shown to the
 * client as is, so it must name the problem without leaking internals.
 */
public class CommandRejectedException extends RuntimeException {

    /** Why a command was refused. */
    public enum Reason { INVALID, NOT_FOUND, ALREADY_EXISTS, STALE_VERSION, HAS_ASSIGNMENTS }

    private final Reason reason;

    public CommandRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static CommandRejectedException invalid(String message) {
        return new CommandRejectedException(Reason.INVALID, message);
    }

    public static CommandRejectedException notFound(String id) {
        return new CommandRejectedException(Reason.NOT_FOUND, "The resource with id " + id + " has not been found.");
    }
}
