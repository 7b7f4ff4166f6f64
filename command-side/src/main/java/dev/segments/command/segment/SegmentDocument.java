package dev.segments.command.segment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.util.Map;

/**
 * A segment's client-owned fields as the API's JSON shows them: the document a JSON Patch applies to.
 * {@code metadata} is always there, so that {@code add /metadata/mixins} has a parent to add to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SegmentDocument(Map<String, String> name, Map<String, String> description, Validity validity,
                       SegmentStatus status, String siteCode, Map<String, Object> mixins, Metadata metadata) {

    /** The client-owned part of a segment's metadata. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metadata(Map<String, Object> mixins) {
    }

    static SegmentDocument of(SegmentDetails details) {
        return new SegmentDocument(details.name(), details.description(), details.validity(), details.status(),
                details.siteCode(), details.mixins(), new Metadata(details.metadataMixins()));
    }

    SegmentDetails details() {
        return new SegmentDetails(name, description, validity, status, siteCode, mixins,
                metadata == null ? null : metadata.mixins());
    }
}
