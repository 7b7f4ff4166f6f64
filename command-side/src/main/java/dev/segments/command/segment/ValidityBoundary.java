package dev.segments.command.segment;

import java.time.Instant;

/**
 * The payload of a segment's validity-boundary deadline: the instant its window opens or closes. Stored (as
 * JSON) in the scheduler's table until it fires, so its name and shape are part of what a running
 * deployment holds.
 */
record ValidityBoundary(Instant at) {
}
