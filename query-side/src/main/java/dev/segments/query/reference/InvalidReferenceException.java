package dev.segments.query.reference;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Reference data the replica refuses (a category cycle, an inverted validity): a 400, never stored. */
public class InvalidReferenceException extends ResponseStatusException {

    public InvalidReferenceException(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
