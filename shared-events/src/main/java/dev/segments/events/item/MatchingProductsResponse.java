package dev.segments.events.item;

import java.util.List;

/** The matching products in request order, each with every reason it matched. */
public record MatchingProductsResponse(List<ProductMatch> matches) {

    /** One matching product. */
    public record ProductMatch(String id, List<MatchReason> reasons) {
    }

    /**
     * Why a product matched: the segment, and either {@code direct} or the category chain from the assigned
     * category down to the category the product is placed in.
     */
    public record MatchReason(String segmentId, boolean direct, List<String> categoryPath) {
    }
}
