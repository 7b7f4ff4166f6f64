package dev.segments.query.consistency;

/**
 * A row of a projection that does not match its streams in the event store: missing ({@code actualVersion}
 * null), left over ({@code expectedVersion} null), or at another version. {@code key} names the row within its
 * segment: {@code segment}, {@code life} (an assignment projection's record of the segment's generation, with
 * the generation as its version), {@code customer:<id>[:<legal entity>]} or {@code item:<TYPE>:<id>}.
 */
public record Divergence(String projection, String tenant, String segmentId, String key, Long expectedVersion,
                         Long actualVersion) {
}
