package dev.segments.query.reference.upstream;

/**
 * A message that can never be applied, however often it is tried (not JSON, not a CloudEvent, an unknown type, no
 * tenant, invalid data, a category cycle): it goes to the dead-letter topic with this message as its reason, and
 * consumption goes on.
 */
class PoisonMessageException extends RuntimeException {

    PoisonMessageException(String reason) {
        super(reason);
    }
}
