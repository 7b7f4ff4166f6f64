package dev.segments.query.item.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.item.FindMatchingProductsQuery;
import dev.segments.events.item.MatchingProductsResponse;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.query.web.Queries;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Which of a cart's products belong to some of the given segments (active, of the site): directly, or
 * through an assigned category or any of its descendants. {@code ?explain=true} adds, per product, each
 * segment and path that made it match.
 */
@RestController
class MatchController {

    static final int MAX_ITEMS = 1_000;
    static final int MAX_SEGMENTS = 200;

    private final QueryGateway queryGateway;
    private final Clock clock;

    MatchController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @PostMapping(path = "/customer-segment/{tenant}/segments/match", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> match(@PathVariable String tenant, @RequestBody JsonNode body,
                                    @RequestParam(defaultValue = "false") boolean explain) {
        if (body == null || !body.isObject()) {
            throw bad("The request body must be a JSON object with items, segmentIds and siteCode.");
        }
        List<String> productIds = ids(body.get("items"), "items", MAX_ITEMS, true);
        List<String> segmentIds = ids(body.get("segmentIds"), "segmentIds", MAX_SEGMENTS, false);
        // the reference calls the site "site" in the schema and "siteCode" in its example: accept both
        JsonNode site = body.hasNonNull("siteCode") ? body.get("siteCode") : body.get("site");
        if (site == null || !site.isTextual() || site.textValue().isBlank()) {
            throw bad("Field 'siteCode' (or 'site') is required.");
        }
        MatchingProductsResponse result = Queries.run(() -> queryGateway.query(new FindMatchingProductsQuery(tenant,
                productIds, segmentIds, site.textValue(), clock.instant()), MatchingProductsResponse.class));
        List<Map<String, Object>> response = new ArrayList<>();
        for (MatchingProductsResponse.ProductMatch match : result.matches()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", match.id());
            if (explain) {
                item.put("matchedBy", match.reasons());
            }
            response.add(item);
        }
        return response;
    }

    private static List<String> ids(JsonNode array, String field, int max, boolean objects) {
        if (array == null || !array.isArray()) {
            throw bad("Field '" + field + "' must be an array.");
        }
        if (array.size() > max) {
            throw bad("Field '" + field + "' takes at most " + max + " entries.");
        }
        List<String> ids = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            JsonNode id = objects ? entry.get("id") : entry;
            if (id == null || !id.isTextual() || !SegmentIdentity.ID.matcher(id.textValue()).matches()) {
                throw bad("Each entry of '" + field + "' must " + (objects ? "have an 'id' that is " : "be ")
                        + "1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.");
            }
            ids.add(id.textValue());
        }
        return ids;
    }

    private static ResponseStatusException bad(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }
}
