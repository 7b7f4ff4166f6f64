package dev.segments.query.item.web;

import dev.segments.events.item.CategoryTreesResponse;
import dev.segments.events.item.FindCategoryTreesQuery;
import dev.segments.events.item.FindItemAssignmentQuery;
import dev.segments.events.item.FindItemAssignmentsQuery;
import dev.segments.events.item.ItemAssignmentPageResponse;
import dev.segments.events.item.ItemAssignmentResponse;
import dev.segments.events.item.ItemType;
import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.SegmentMembership;
import dev.segments.events.segment.SegmentResponse;
import dev.segments.query.search.Paging;
import dev.segments.query.web.Caller;
import dev.segments.query.web.Instants;
import dev.segments.query.web.ListRequest;
import dev.segments.query.web.Pages;
import dev.segments.query.web.Queries;
import dev.segments.query.web.SearchRequest;
import dev.segments.query.web.Shaped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Item assignment reads: one assignment, a segment's assignments, assignments across all segments, and the
 * category trees of a customer's segments. Customer tokens see only what belongs to their active segments.
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
@Tag(name = "Item assignments")
class ItemAssignmentQueryController {

    private final QueryGateway queryGateway;
    private final Clock clock;

    ItemAssignmentQueryController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @Operation(summary = "Retrieve an item assignment")
    @Shaped(localized = "item.name")
    @GetMapping("/{segmentId}/items/{type}/{itemId}")
    ItemAssignmentResponse get(@PathVariable String tenant, @PathVariable String segmentId,
                               @PathVariable ItemType type, @PathVariable String itemId,
                               @Parameter(description = "For a customer token: only through this legal entity.")
                               @RequestParam(required = false) String legalEntityId,
                               @Parameter(description = Instants.AS_OF,
                                       schema = @Schema(type = "string", format = "date-time"))
                               @RequestParam(required = false) String asOf,
                               @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        Instant at = caller.asOf(asOf);
        requireVisibleSegment(tenant, segmentId, caller.membership(null, legalEntityId, clock.instant()), at);
        Optional<ItemAssignmentResponse> assignment = Queries.run(() -> queryGateway.query(
                new FindItemAssignmentQuery(tenant, segmentId, type, itemId, at),
                ResponseTypes.optionalInstanceOf(ItemAssignmentResponse.class)));
        return assignment.orElseThrow(() -> Queries.notFound(itemId));
    }

    @Operation(summary = "Retrieve a segment's item assignments")
    @Shaped(localized = "item.name")
    @GetMapping("/{segmentId}/items")
    ResponseEntity<List<ItemAssignmentResponse>> list(@PathVariable String tenant, @PathVariable String segmentId,
                                                      @Valid ListRequest list,
                                                      @Parameter(description = "For a customer token: only "
                                                              + "through this legal entity.")
                                                      @RequestParam(required = false) String legalEntityId,
                                                      @Parameter(description = Instants.AS_OF, schema = @Schema(
                                                              type = "string", format = "date-time"))
                                                      @RequestParam(required = false) String asOf,
                                                      @Parameter(description = "true: answer the total in "
                                                              + "X-Total-Count.")
                                                      @RequestHeader(value = Pages.TOTAL_COUNT,
                                                              defaultValue = "false") boolean withTotal,
                                                      @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        Instant at = caller.asOf(asOf);
        SegmentMembership membership = caller.membership(null, legalEntityId, clock.instant());
        requireVisibleSegment(tenant, segmentId, membership, at);
        return page(new Page(tenant, segmentId, list, withTotal, null, null, membership, at));
    }

    @Operation(summary = "Search a segment's item assignments", description = "The list, with the query in the "
            + "body.")
    @Shaped(localized = "item.name")
    @PostMapping(path = "/{segmentId}/items/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<ItemAssignmentResponse>> search(@PathVariable String tenant, @PathVariable String segmentId,
                                                        @Valid @RequestBody(required = false) SearchRequest body,
                                                        @Valid ListRequest list,
                                                        @RequestParam(required = false) String legalEntityId,
                                                        @RequestHeader(value = Pages.TOTAL_COUNT,
                                                                defaultValue = "false") boolean withTotal,
                                                        @AuthenticationPrincipal Jwt token) {
        SegmentMembership membership = Caller.of(token).membership(null, legalEntityId, clock.instant());
        requireVisibleSegment(tenant, segmentId, membership, null);
        return page(new Page(tenant, segmentId, list.searching(body), withTotal, null, null, membership, null));
    }

    @Operation(summary = "Retrieve item assignments across segments", description = "Customer tokens get only "
            + "the items of their active segments.")
    @Shaped(localized = "item.name")
    @GetMapping("/items")
    ResponseEntity<List<ItemAssignmentResponse>> acrossSegments(
            @PathVariable String tenant, @Valid ListRequest list,
            @Parameter(description = "Only segments of this site.") @RequestParam(required = false) String siteCode,
            @Parameter(description = "Only segments active now (always so for a customer token).")
            @RequestParam(defaultValue = "false") boolean onlyActive,
            @Parameter(description = "For a customer token: only through this legal entity.")
            @RequestParam(required = false) String legalEntityId,
            @Parameter(description = "true: answer the total in X-Total-Count.")
            @RequestHeader(value = Pages.TOTAL_COUNT, defaultValue = "false") boolean withTotal,
            @AuthenticationPrincipal Jwt token) {
        Instant now = clock.instant();
        Caller caller = Caller.of(token);
        SegmentMembership membership = caller.reader() ? null : caller.membership(null, legalEntityId, now);
        return page(new Page(tenant, null, list, withTotal, siteCode, onlyActive || !caller.reader() ? now : null,
                membership, null));
    }

    @Operation(summary = "Retrieve the category trees of the caller's segments", description = "The categories "
            + "assigned to the customer's active segments, with their subcategories and the path to their roots.")
    @Shaped(localized = {"name", "localizedDescription", "localizedSlug"}, nested = "subcategories")
    @GetMapping("/items/category-trees")
    List<CategoryTreesResponse.Category> categoryTrees(
            @PathVariable String tenant,
            @Parameter(description = "Only segments of this site.") @RequestParam(required = false) String siteCode,
            @Parameter(description = "Only through this legal entity.")
            @RequestParam(required = false) String legalEntityId,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        SegmentMembership membership = new Caller(caller.subject(), false, caller.legalEntityIds())
                .membership(null, legalEntityId, clock.instant());
        return Queries.run(() -> queryGateway.query(new FindCategoryTreesQuery(tenant, membership, siteCode),
                CategoryTreesResponse.class)).roots();
    }

    private ResponseEntity<List<ItemAssignmentResponse>> page(Page page) {
        Paging paging = page.list().paging();
        ItemAssignmentPageResponse result = Queries.run(() -> queryGateway.query(
                new FindItemAssignmentsQuery(page.tenant(), page.segmentId(), page.list().q(), page.list().sort(),
                        paging.pageNumber(), paging.pageSize(), page.withTotal(), page.siteCode(), page.activeAt(),
                        page.membership(), page.asOf()), ItemAssignmentPageResponse.class));
        return Pages.of(result.assignments(), result.total());
    }

    private void requireVisibleSegment(String tenant, String segmentId, SegmentMembership membership, Instant asOf) {
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, membership, asOf),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        if (segment.isEmpty()) {
            throw Queries.notFound(segmentId);
        }
    }

    /** One item assignment list request. */
    private record Page(String tenant, String segmentId, ListRequest list, boolean withTotal, String siteCode,
                        Instant activeAt, SegmentMembership membership, Instant asOf) {
    }
}
