package dev.segments.events.item;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.segments.events.segment.Validity;
import java.util.List;
import java.util.Map;

/** Category trees: roots with their subcategories ordered by position. */
public record CategoryTreesResponse(List<Category> roots) {

    /**
     * A category of the replica; {@code isSegmentAssigned} is true for assigned categories and their
     * descendants, false for ancestors shown only to complete the path to the root.
     */
    public record Category(String id, String parentId, String code, Map<String, String> name,
                           Map<String, String> localizedDescription, Map<String, String> localizedSlug,
                           List<String> ecn, Validity validity, Integer position, Boolean published,
                           @JsonProperty("isSegmentAssigned") boolean isSegmentAssigned,
                           List<Category> subcategories) {
    }
}
