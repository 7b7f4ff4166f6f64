package dev.segments.query.segment.web;

import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.FindSegmentsQuery;
import dev.segments.events.segment.SegmentMembership;
import dev.segments.events.segment.SegmentPageResponse;
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
 * Segment reads: one by id, a filtered and paged list, and the same list as a POST search. Customer tokens
 * only ever see active segments they belong to; anything else reads as 404 or is simply not listed.
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
@Tag(name = "Segments")
class SegmentQueryController {

    private final QueryGateway queryGateway;
    private final Clock clock;

    SegmentQueryController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @Operation(summary = "Retrieve a segment", description = "A customer token sees only active segments it "
            + "belongs to (directly or through one of its legal entities); any other segment is 404.")
    @Shaped(localized = {"name", "description"})
    @GetMapping("/{segmentId}")
    SegmentResponse get(@PathVariable String tenant, @PathVariable String segmentId,
                        @Parameter(description = "For a customer token: only through this legal entity.")
                        @RequestParam(required = false) String legalEntityId,
                        @Parameter(description = Instants.AS_OF,
                                schema = @Schema(type = "string", format = "date-time"))
                        @RequestParam(required = false) String asOf,
                        @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        Instant at = caller.asOf(asOf);
        SegmentMembership membership = caller.membership(null, legalEntityId, clock.instant());
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, membership, at),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        return segment.orElseThrow(() -> Queries.notFound(segmentId));
    }

    @Operation(summary = "Retrieve segments", description = "A filtered, sorted page of the tenant's segments; "
            + "with customerId, the segments that customer belongs to. A customer token lists only its own active "
            + "segments.")
    @Shaped(localized = {"name", "description"})
    @GetMapping
    ResponseEntity<List<SegmentResponse>> list(@PathVariable String tenant, @Valid ListRequest list,
                                               @Parameter(description = "Only segments this customer belongs to "
                                                       + "(needs customersegment.segment_read).")
                                               @RequestParam(required = false) String customerId,
                                               @Parameter(description = "Only through this legal entity.")
                                               @RequestParam(required = false) String legalEntityId,
                                               @Parameter(description = Instants.AS_OF,
                                                       schema = @Schema(type = "string", format = "date-time"))
                                               @RequestParam(required = false) String asOf,
                                               @Parameter(description = "true: answer the total in X-Total-Count.")
                                               @RequestHeader(value = Pages.TOTAL_COUNT, defaultValue = "false")
                                               boolean withTotal,
                                               @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        Instant at = caller.asOf(asOf);
        return page(tenant, list, withTotal, caller.membership(customerId, legalEntityId, clock.instant()), at);
    }

    @Operation(summary = "Search segments", description = "The list of GET .../segments, with the query in the "
            + "body.")
    @Shaped(localized = {"name", "description"})
    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<SegmentResponse>> search(@PathVariable String tenant,
                                                 @Valid @RequestBody(required = false) SearchRequest body,
                                                 @Valid ListRequest list,
                                                 @RequestParam(required = false) String customerId,
                                                 @RequestParam(required = false) String legalEntityId,
                                                 @RequestHeader(value = Pages.TOTAL_COUNT, defaultValue = "false")
                                                 boolean withTotal,
                                                 @AuthenticationPrincipal Jwt token) {
        return page(tenant, list.searching(body), withTotal,
                Caller.of(token).membership(customerId, legalEntityId, clock.instant()), null);
    }

    private ResponseEntity<List<SegmentResponse>> page(String tenant, ListRequest list, boolean withTotal,
                                                       SegmentMembership membership, Instant asOf) {
        Paging paging = list.paging();
        SegmentPageResponse page = Queries.run(() -> queryGateway.query(
                new FindSegmentsQuery(tenant, list.q(), list.sort(), paging.pageNumber(), paging.pageSize(),
                        withTotal, membership, asOf),
                SegmentPageResponse.class));
        return Pages.of(page.segments(), page.total());
    }
}
