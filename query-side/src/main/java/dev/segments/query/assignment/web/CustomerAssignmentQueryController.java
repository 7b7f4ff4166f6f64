package dev.segments.query.assignment.web;

import dev.segments.events.assignment.CustomerAssignmentPageResponse;
import dev.segments.events.assignment.CustomerAssignmentResponse;
import dev.segments.events.assignment.FindCustomerAssignmentQuery;
import dev.segments.events.assignment.FindCustomerAssignmentsQuery;
import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.SegmentMembership;
import dev.segments.events.segment.SegmentResponse;
import dev.segments.query.search.FieldSelection;
import dev.segments.query.search.Paging;
import dev.segments.query.web.Caller;
import dev.segments.query.web.Localization;
import dev.segments.query.web.Queries;
import dev.segments.query.web.ResponseShaper;
import java.time.Clock;
import java.util.Map;
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
class CustomerAssignmentQueryController {

    private final QueryGateway queryGateway;
    private final ResponseShaper shaper;
    private final Clock clock;

    CustomerAssignmentQueryController(QueryGateway queryGateway, ResponseShaper shaper, Clock clock) {
        this.queryGateway = queryGateway;
        this.shaper = shaper;
        this.clock = clock;
    }

    @GetMapping("/{customerId}")
    Object get(@PathVariable String tenant, @PathVariable String segmentId, @PathVariable String customerId,
               @RequestParam(required = false) String fields) {
        return get(tenant, segmentId, customerId, null, fields);
    }

    @GetMapping("/{customerId}/{legalEntityId}")
    Object get(@PathVariable String tenant, @PathVariable String segmentId, @PathVariable String customerId,
               @PathVariable String legalEntityId, @RequestParam(required = false) String fields) {
        FieldSelection selection = FieldSelection.parse(fields);
        Optional<CustomerAssignmentResponse> assignment = Queries.run(() -> queryGateway.query(
                new FindCustomerAssignmentQuery(tenant, segmentId, customerId, legalEntityId),
                ResponseTypes.optionalInstanceOf(CustomerAssignmentResponse.class)));
        return shaper.shape(assignment.orElseThrow(() -> Queries.notFound(customerId)), Localization.of(null),
                selection);
    }

    @GetMapping
    ResponseEntity<Object> list(@PathVariable String tenant, @PathVariable String segmentId,
                                @RequestParam(required = false) String q,
                                @RequestParam(required = false) String sort,
                                @RequestParam(required = false) String pageNumber,
                                @RequestParam(required = false) String pageSize,
                                @RequestParam(required = false) String fields,
                                @RequestParam(required = false) String legalEntityId,
                                @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal,
                                @AuthenticationPrincipal Jwt token) {
        SegmentMembership own = Caller.of(token).membership(null, legalEntityId, clock.instant());
        return search(tenant, segmentId, q, sort, pageNumber, pageSize, fields, withTotal, own);
    }

    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> search(@PathVariable String tenant, @PathVariable String segmentId,
                                  @RequestBody(required = false) Map<String, Object> body,
                                  @RequestParam(required = false) String sort,
                                  @RequestParam(required = false) String pageNumber,
                                  @RequestParam(required = false) String pageSize,
                                  @RequestParam(required = false) String fields,
                                  @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal) {
        return search(tenant, segmentId, Queries.q(body), sort, pageNumber, pageSize, fields, withTotal, null);
    }

    private ResponseEntity<Object> search(String tenant, String segmentId, String q, String sort, String pageNumber,
                                          String pageSize, String fields, boolean withTotal,
                                          SegmentMembership own) {
        Paging paging = Paging.parse(pageNumber, pageSize);
        FieldSelection selection = FieldSelection.parse(fields);
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, own), ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        if (segment.isEmpty()) {
            throw Queries.notFound(segmentId);
        }
        CustomerAssignmentPageResponse page = Queries.run(() -> queryGateway.query(
                new FindCustomerAssignmentsQuery(tenant, segmentId, q, sort, paging.pageNumber(), paging.pageSize(),
                        withTotal, own), CustomerAssignmentPageResponse.class));
        return shaper.page(page.assignments(), page.total(), Localization.of(null), selection);
    }
}
