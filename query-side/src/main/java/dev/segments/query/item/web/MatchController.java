package dev.segments.query.item.web;

import dev.segments.events.item.FindMatchingProductsQuery;
import dev.segments.events.item.MatchingProductsResponse;
import dev.segments.query.web.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which of a cart's products belong to some of the given segments (active, of the site): directly, or
 * through an assigned category or any of its descendants. {@code ?explain=true} adds, per product, each
 * segment and path that made it match.
 */
@RestController
@Tag(name = "Item assignments")
class MatchController {

    static final int MAX_ITEMS = 1_000;
    static final int MAX_SEGMENTS = 200;

    private final QueryGateway queryGateway;
    private final Clock clock;

    MatchController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @Operation(summary = "Check which products match segments", description = "The products (in request order) "
            + "assigned to one of the given segments that are active now on the site, directly or through a "
            + "category they are placed in (or any of its descendants).")
    @PostMapping(path = "/customer-segment/{tenant}/segments/match", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<MatchResponse> match(@PathVariable String tenant, @Valid @RequestBody MatchRequest body,
                              @Parameter(description = "true: say per product which segment and category path "
                                      + "matched.")
                              @RequestParam(defaultValue = "false") boolean explain) {
        String site = body.siteOrCode();
        if (site == null || site.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Field 'siteCode' (or 'site') is required.");
        }
        List<String> productIds = body.items().stream().map(MatchRequest.MatchItem::id).toList();
        MatchingProductsResponse result = Queries.run(() -> queryGateway.query(new FindMatchingProductsQuery(tenant,
                productIds, body.segmentIds(), site, clock.instant()), MatchingProductsResponse.class));
        return result.matches().stream()
                .map(match -> new MatchResponse(match.id(), explain ? match.reasons() : null)).toList();
    }
}
