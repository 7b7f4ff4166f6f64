package dev.segments.query.assignment.web;

import dev.segments.events.assignment.CustomerAssignmentPageResponse;
import dev.segments.events.assignment.CustomerAssignmentResponse;
import dev.segments.events.assignment.FindCustomerAssignmentQuery;
import dev.segments.events.assignment.FindCustomerAssignmentsQuery;
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
 * Customer assignment reads: one B2C or B2B assignment, and a segment's assignments as a list or search.
 * A customer token lists only its own assignments, and only of an active segment it belongs to.
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/customers")
@Tag(name = "Customer assignments")
class CustomerAssignmentQueryController {

    private final QueryGateway queryGateway;
    private final Clock clock;

    CustomerAssignmentQueryController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @Operation(summary = "Retrieve a B2C customer assignment")
    @Shaped
    @GetMapping("/{customerId}")
    CustomerAssignmentResponse get(@PathVariable String tenant, @PathVariable String segmentId,
                                   @PathVariable String customerId,
                                   @Parameter(description = Instants.AS_OF,
                                           schema = @Schema(type = "string", format = "date-time"))
                                   @RequestParam(required = false) String asOf,
                                   @AuthenticationPrincipal Jwt token) {
        return find(tenant, segmentId, customerId, null, Caller.of(token).asOf(asOf));
    }

    @Operation(summary = "Retrieve a B2B customer assignment", description = "The customer's assignment for one "
            + "legal entity.")
    @Shaped
    @GetMapping("/{customerId}/{legalEntityId}")
    CustomerAssignmentResponse get(@PathVariable String tenant, @PathVariable String segmentId,
                                   @PathVariable String customerId, @PathVariable String legalEntityId,
                                   @Parameter(description = Instants.AS_OF,
                                           schema = @Schema(type = "string", format = "date-time"))
                                   @RequestParam(required = false) String asOf,
                                   @AuthenticationPrincipal Jwt token) {
        return find(tenant, segmentId, customerId, legalEntityId, Caller.of(token).asOf(asOf));
    }

    @Operation(summary = "Retrieve a segment's customer assignments", description = "A customer token lists "
            + "only its own assignments, of an active segment it belongs to.")
    @Shaped
    @GetMapping
    ResponseEntity<List<CustomerAssignmentResponse>> list(@PathVariable String tenant, @PathVariable String segmentId,
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
        SegmentMembership own = caller.membership(null, legalEntityId, clock.instant());
        return page(tenant, segmentId, list, withTotal, own, at);
    }

    @Operation(summary = "Search a segment's customer assignments", description = "The list, with the query in "
            + "the body.")
    @Shaped
    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<CustomerAssignmentResponse>> search(@PathVariable String tenant,
                                                            @PathVariable String segmentId,
                                                            @Valid @RequestBody(required = false) SearchRequest body,
                                                            @Valid ListRequest list,
                                                            @RequestHeader(value = Pages.TOTAL_COUNT,
                                                                    defaultValue = "false") boolean withTotal) {
        return page(tenant, segmentId, list.searching(body), withTotal, null, null);
    }

    private CustomerAssignmentResponse find(String tenant, String segmentId, String customerId,
                                            String legalEntityId, Instant asOf) {
        Optional<CustomerAssignmentResponse> assignment = Queries.run(() -> queryGateway.query(
                new FindCustomerAssignmentQuery(tenant, segmentId, customerId, legalEntityId, asOf),
                ResponseTypes.optionalInstanceOf(CustomerAssignmentResponse.class)));
        return assignment.orElseThrow(() -> Queries.notFound(customerId));
    }

    private ResponseEntity<List<CustomerAssignmentResponse>> page(String tenant, String segmentId, ListRequest list,
                                                                  boolean withTotal, SegmentMembership own,
                                                                  Instant asOf) {
        Paging paging = list.paging();
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, own, asOf),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        if (segment.isEmpty()) {
            throw Queries.notFound(segmentId);
        }
        CustomerAssignmentPageResponse page = Queries.run(() -> queryGateway.query(
                new FindCustomerAssignmentsQuery(tenant, segmentId, list.q(), list.sort(), paging.pageNumber(),
                        paging.pageSize(), withTotal, own, asOf), CustomerAssignmentPageResponse.class));
        return Pages.of(page.assignments(), page.total());
    }
}
