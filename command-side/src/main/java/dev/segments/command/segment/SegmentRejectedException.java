package dev.segments.command.segment;

/**
 * A segment command that the rules refuse. The reason decides the HTTP status; the message is shown to the
 * client as is, so it must name the problem without leaking internals.
 */
public class SegmentRejectedException extends RuntimeException {

    /** Why a command was refused. */
    public enum Reason { INVALID, NOT_FOUND, ALREADY_EXISTS, STALE_VERSION, HAS_ASSIGNMENTS }

    private final Reason reason;

    public SegmentRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static SegmentRejectedException invalid(String message) {
        return new SegmentRejectedException(Reason.INVALID, message);
    }

    static SegmentRejectedException notFound(String segmentId) {
        return new SegmentRejectedException(Reason.NOT_FOUND,
                "The resource with id " + segmentId + " has not been found.");
    }
}
