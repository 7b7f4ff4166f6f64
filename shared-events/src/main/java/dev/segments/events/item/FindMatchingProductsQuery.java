package dev.segments.events.item;

import java.time.Instant;
import java.util.List;

/**
 * Which of the given products belong to at least one of the given segments that is active at
 * {@code activeAt} and of the site: assigned directly, or placed in an assigned category or any of its
 * descendants.
 */
public record FindMatchingProductsQuery(String tenant, List<String> productIds, List<String> segmentIds,
                                        String siteCode, Instant activeAt) {
}
