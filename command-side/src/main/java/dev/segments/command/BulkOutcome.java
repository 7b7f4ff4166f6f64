package dev.segments.command;

/** What one entry of a set-based bulk command came to: the change it made, or why it was rejected. */
public record BulkOutcome(Change change, CommandRejectedException rejection) {

    public static BulkOutcome applied(Change change) {
        return new BulkOutcome(change, null);
    }

    public static BulkOutcome rejected(CommandRejectedException rejection) {
        return new BulkOutcome(null, rejection);
    }
}
