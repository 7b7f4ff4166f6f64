package dev.segments.events;

import java.time.Instant;
import java.util.Map;

/** Bookkeeping the service keeps on every resource; {@code mixins} maps mixin names to their schema URLs. */
public record ResourceMetadata(Instant createdAt, Instant modifiedAt, long version, Map<String, Object> mixins) {
}
