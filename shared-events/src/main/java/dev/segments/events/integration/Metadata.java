package dev.segments.events.integration;

import java.time.Instant;
import java.util.Map;

/** A resource's bookkeeping as the API shows it: times to the microsecond, version, and mixin schema links. */
public record Metadata(Instant createdAt, Instant modifiedAt, long version, Map<String, Object> mixins) {
}
