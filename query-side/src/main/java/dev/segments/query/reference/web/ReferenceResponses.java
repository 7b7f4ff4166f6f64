package dev.segments.query.reference.web;

import dev.segments.query.reference.ReferenceOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Reference writes answer 201 when they stored something new, 204 otherwise. A write through HTTP happens now:
 * the replica takes it as the latest change, and a later-arriving upstream message about an earlier change is
 * ignored.
 */
final class ReferenceResponses {

    private ReferenceResponses() {
    }

    static ResponseEntity<Void> stored(ReferenceOutcome outcome) {
        return ResponseEntity.status(outcome == ReferenceOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.NO_CONTENT)
                .build();
    }
}
