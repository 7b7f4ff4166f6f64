package dev.segments.command.web;

/**
 * Tells the failures of a command that a retry can cure (the database unreachable, a connection dropped, a lock
 * or statement past its bound) from the others. The application provides it; the command side knows no store.
 */
public interface RetryableFailures {

    /** Whether sending the command again may succeed: its transaction ended without applying it, or see below. */
    boolean isRetryable(Throwable failure);

    /** Whether the command's commit failed such that its changes may have been stored after all. */
    boolean outcomeUnknown(Throwable failure);
}
