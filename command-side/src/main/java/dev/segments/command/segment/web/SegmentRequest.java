package dev.segments.command.segment.web;

import dev.segments.command.web.FreeFormLimits;
import dev.segments.command.web.MetadataRequest;
import dev.segments.command.web.ResourceId;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.util.Map;

/**
 * A segment as a create, an upsert or a bulk entry sends it. PUT replaces the whole segment: a field left out is
 * removed (a missing {@code status} becomes INACTIVE). The rules that span fields (a name is required, the
 * validity's start is not after its end, sizes) are the segment's own, checked where every change is decided.
 */
@Schema(name = "SegmentRequest", description = "A segment as created or replaced.")
record SegmentRequest(
        @Schema(description = "Client-chosen id (1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'); generated "
                + "when a create leaves it out; required in a bulk upsert; ignored by a single PUT, which takes the "
                + "path's id.") @ResourceId String id,
        @Schema(description = "Language to text, or a plain text in the request's Content-Language. Required.")
        LocalizedText name,
        @Schema(description = "Language to text, or a plain text in the request's Content-Language.")
        LocalizedText description,
        Validity validity,
        @Schema(description = "INACTIVE when left out.") SegmentStatus status,
        @Schema(description = "The site the segment belongs to. Required.") String siteCode,
        @Schema(description = "Free-form JSON, at most 64 KB and 16 levels deep.") @FreeFormLimits
        Map<String, Object> mixins,
        @Valid MetadataRequest metadata) {

    /** The segment's details, a plain localized text taken as {@code contentLanguage}. */
    SegmentDetails details(String contentLanguage) {
        return new SegmentDetails(
                name == null ? null : name.in("name", contentLanguage),
                description == null ? null : description.in("description", contentLanguage),
                validity == null || validity.from() == null && validity.to() == null ? null : validity,
                status == null ? SegmentStatus.INACTIVE : status,
                siteCode,
                mixins,
                metadata == null ? null : metadata.mixins());
    }

    Long expectedVersion() {
        return metadata == null ? null : metadata.version();
    }
}
