package dev.segments.query.reference.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Reference writes answer 201 when they stored something new, 204 when they changed what was known. */
final class ReferenceResponses {

    private ReferenceResponses() {
    }

    static ResponseEntity<Void> stored(boolean created) {
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
    }
}
