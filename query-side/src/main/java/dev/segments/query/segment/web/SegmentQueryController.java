package dev.segments.query.segment.web;

import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.FindSegmentsQuery;
import dev.segments.events.segment.SegmentMembership;
import dev.segments.events.segment.SegmentPageResponse;
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
import org.springframework.http.HttpHeaders;
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
class SegmentQueryController {

    private static final String[] LOCALIZED = {"name", "description"};

    private final QueryGateway queryGateway;
    private final ResponseShaper shaper;
    private final Clock clock;

    SegmentQueryController(QueryGateway queryGateway, ResponseShaper shaper, Clock clock) {
        this.queryGateway = queryGateway;
        this.shaper = shaper;
        this.clock = clock;
    }

    @GetMapping("/{segmentId}")
    Object get(@PathVariable String tenant, @PathVariable String segmentId,
               @RequestParam(required = false) String fields,
               @RequestParam(required = false) String legalEntityId,
               @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
               @AuthenticationPrincipal Jwt token) {
        FieldSelection selection = FieldSelection.parse(fields);
        Localization localization = Localization.of(acceptLanguage);
        SegmentMembership membership = Caller.of(token).membership(null, legalEntityId, clock.instant());
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, membership),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        return shaper.shape(segment.orElseThrow(() -> Queries.notFound(segmentId)), localization, selection,
                LOCALIZED);
    }

    @GetMapping
    ResponseEntity<Object> list(@PathVariable String tenant,
                                @RequestParam(required = false) String q,
                                @RequestParam(required = false) String sort,
                                @RequestParam(required = false) String pageNumber,
                                @RequestParam(required = false) String pageSize,
                                @RequestParam(required = false) String fields,
                                @RequestParam(required = false) String customerId,
                                @RequestParam(required = false) String legalEntityId,
                                @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal,
                                @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                String acceptLanguage,
                                @AuthenticationPrincipal Jwt token) {
        return search(tenant, q, sort, pageNumber, pageSize, fields, withTotal, acceptLanguage,
                Caller.of(token).membership(customerId, legalEntityId, clock.instant()));
    }

    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> search(@PathVariable String tenant, @RequestBody(required = false) Map<String, Object> body,
                                  @RequestParam(required = false) String sort,
                                  @RequestParam(required = false) String pageNumber,
                                  @RequestParam(required = false) String pageSize,
                                  @RequestParam(required = false) String fields,
                                  @RequestParam(required = false) String customerId,
                                  @RequestParam(required = false) String legalEntityId,
                                  @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal,
                                  @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                  String acceptLanguage,
                                  @AuthenticationPrincipal Jwt token) {
        return search(tenant, Queries.q(body), sort, pageNumber, pageSize, fields, withTotal, acceptLanguage,
                Caller.of(token).membership(customerId, legalEntityId, clock.instant()));
    }

    private ResponseEntity<Object> search(String tenant, String q, String sort, String pageNumber, String pageSize,
                                          String fields, boolean withTotal, String acceptLanguage,
                                          SegmentMembership membership) {
        Paging paging = Paging.parse(pageNumber, pageSize);
        FieldSelection selection = FieldSelection.parse(fields);
        Localization localization = Localization.of(acceptLanguage);
        SegmentPageResponse page = Queries.run(() -> queryGateway.query(
                new FindSegmentsQuery(tenant, q, sort, paging.pageNumber(), paging.pageSize(), withTotal,
                        membership),
                SegmentPageResponse.class));
        return shaper.page(page.segments(), page.total(), localization, selection, LOCALIZED);
    }
}
