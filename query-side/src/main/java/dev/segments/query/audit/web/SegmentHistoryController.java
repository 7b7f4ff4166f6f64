package dev.segments.query.audit.web;

import dev.segments.events.audit.FindSegmentHistoryQuery;
import dev.segments.events.audit.HistoryEntryResponse;
import dev.segments.events.audit.SegmentHistoryPageResponse;
import dev.segments.events.segment.FindSegmentQuery;
import dev.segments.events.segment.SegmentResponse;
import dev.segments.query.search.Paging;
import dev.segments.query.web.Caller;
import dev.segments.query.web.Pages;
import dev.segments.query.web.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A segment's audit history: every change of it and of its assignments, and its activations, oldest first, with
 * who made it. For auditors ({@code audit_read}) and readers ({@code segment_read}); a customer token gets 404 for
 * any segment it cannot see and 403 for the ones it can (history is not part of a customer's view).
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments/{segmentId}/history")
@Tag(name = "Audit")
class SegmentHistoryController {

    private final QueryGateway queryGateway;
    private final Clock clock;

    SegmentHistoryController(QueryGateway queryGateway, Clock clock) {
        this.queryGateway = queryGateway;
        this.clock = clock;
    }

    @Operation(summary = "Retrieve a segment's history", description = "Every change of the segment, its customer "
            + "and item assignments, and its activations and deactivations, oldest first, including the lives of "
            + "the id before a deletion (told apart by generation). 404 for an id the tenant never used.")
    @GetMapping
    ResponseEntity<List<HistoryEntryResponse>> history(@PathVariable String tenant, @PathVariable String segmentId,
                                                       @Valid HistoryRequest request,
                                                       @Parameter(description = "true: answer the total in "
                                                               + "X-Total-Count.")
                                                       @RequestHeader(value = Pages.TOTAL_COUNT,
                                                               defaultValue = "false") boolean withTotal,
                                                       @AuthenticationPrincipal Jwt token) {
        if (!Caller.auditor(token)) {
            throw customerRefused(tenant, segmentId, Caller.of(token));
        }
        Paging paging = request.paging();
        Instant from = request.fromInstant();
        Instant to = request.toInstant();
        List<String> types = request.types();
        SegmentHistoryPageResponse page = Queries.run(() -> queryGateway.query(new FindSegmentHistoryQuery(tenant,
                segmentId, from, to, types, paging.pageNumber(), paging.pageSize(), withTotal),
                SegmentHistoryPageResponse.class));
        if (!page.known()) {
            throw Queries.notFound(segmentId);
        }
        return Pages.of(page.entries(), page.total());
    }

    /** 403 for a segment the customer sees now, else 404 (as every other read answers it). */
    private ResponseStatusException customerRefused(String tenant, String segmentId, Caller caller) {
        Optional<SegmentResponse> visible = Queries.run(() -> queryGateway.query(new FindSegmentQuery(tenant,
                segmentId, caller.membership(null, null, clock.instant())),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        return visible.isPresent() ? new ResponseStatusException(HttpStatus.FORBIDDEN, "The history needs the "
                + "customersegment.segment_read or customersegment.audit_read scope.") : Queries.notFound(segmentId);
    }
}
