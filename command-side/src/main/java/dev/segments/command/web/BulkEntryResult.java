package dev.segments.command.web;

import org.springframework.http.HttpStatus;

/** One entry of a 207 bulk response; {@code index} is 1-based in request order. */
public record BulkEntryResult(int index, String id, int code, String status, String message) {

    public static BulkEntryResult success(int index, String id, HttpStatus status) {
        // the API reports 204 entries with the status text "OK"
        return new BulkEntryResult(index, id, status.value(),
                status == HttpStatus.NO_CONTENT ? "OK" : status.getReasonPhrase(), null);
    }

    public static BulkEntryResult failure(int index, String id, HttpStatus status, String message) {
        return new BulkEntryResult(index, id, status.value(), status.getReasonPhrase(), message);
    }
}
