package dev.segments.query.item.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.segments.query.search.FieldSelection;
import dev.segments.query.search.Paging;
import dev.segments.query.web.Caller;
import dev.segments.query.web.Localization;
import dev.segments.query.web.Queries;
import dev.segments.query.web.ResponseShaper;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.server.ResponseStatusException;

/**
 * Item assignment reads: one assignment, a segment's assignments, assignments across all segments, and the
 * category trees of a customer's segments. Customer tokens see only what belongs to their active segments.
 */
@RestController
@RequestMapping("/customer-segment/{tenant}/segments")
class ItemAssignmentQueryController {

    private static final String[] LOCALIZED = {"item.name"};
    private static final String[] CATEGORY_LOCALIZED = {"name", "localizedDescription", "localizedSlug"};

    private final QueryGateway queryGateway;
    private final ResponseShaper shaper;
    private final ObjectMapper mapper;
    private final Clock clock;

    ItemAssignmentQueryController(QueryGateway queryGateway, ResponseShaper shaper, ObjectMapper mapper,
                                  Clock clock) {
        this.queryGateway = queryGateway;
        this.shaper = shaper;
        this.mapper = mapper;
        this.clock = clock;
    }

    @GetMapping("/{segmentId}/items/{type}/{itemId}")
    Object get(@PathVariable String tenant, @PathVariable String segmentId, @PathVariable String type,
               @PathVariable String itemId, @RequestParam(required = false) String fields,
               @RequestParam(required = false) String legalEntityId,
               @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
               @AuthenticationPrincipal Jwt token) {
        ItemType itemType = itemType(type);
        FieldSelection selection = FieldSelection.parse(fields);
        Localization localization = Localization.of(acceptLanguage);
        requireVisibleSegment(tenant, segmentId, Caller.of(token).membership(null, legalEntityId, clock.instant()));
        Optional<ItemAssignmentResponse> assignment = Queries.run(() -> queryGateway.query(
                new FindItemAssignmentQuery(tenant, segmentId, itemType, itemId),
                ResponseTypes.optionalInstanceOf(ItemAssignmentResponse.class)));
        return shaper.shape(assignment.orElseThrow(() -> Queries.notFound(itemId)), localization, selection, LOCALIZED);
    }

    @GetMapping("/{segmentId}/items")
    ResponseEntity<Object> list(@PathVariable String tenant, @PathVariable String segmentId,
                                @RequestParam(required = false) String q,
                                @RequestParam(required = false) String sort,
                                @RequestParam(required = false) String pageNumber,
                                @RequestParam(required = false) String pageSize,
                                @RequestParam(required = false) String fields,
                                @RequestParam(required = false) String legalEntityId,
                                @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal,
                                @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                String acceptLanguage,
                                @AuthenticationPrincipal Jwt token) {
        SegmentMembership membership = Caller.of(token).membership(null, legalEntityId, clock.instant());
        requireVisibleSegment(tenant, segmentId, membership);
        return search(new Page(tenant, segmentId, q, sort, pageNumber, pageSize, fields, withTotal, acceptLanguage,
                null, null, membership));
    }

    @PostMapping(path = "/{segmentId}/items/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> search(@PathVariable String tenant, @PathVariable String segmentId,
                                  @RequestBody(required = false) Map<String, Object> body,
                                  @RequestParam(required = false) String sort,
                                  @RequestParam(required = false) String pageNumber,
                                  @RequestParam(required = false) String pageSize,
                                  @RequestParam(required = false) String fields,
                                  @RequestParam(required = false) String legalEntityId,
                                  @RequestHeader(value = "X-Total-Count", defaultValue = "false") boolean withTotal,
                                  @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                  String acceptLanguage,
                                  @AuthenticationPrincipal Jwt token) {
        SegmentMembership membership = Caller.of(token).membership(null, legalEntityId, clock.instant());
        requireVisibleSegment(tenant, segmentId, membership);
        return search(new Page(tenant, segmentId, Queries.q(body), sort, pageNumber, pageSize, fields, withTotal,
                acceptLanguage, null, null, membership));
    }

    /** Item assignments across all segments; customer tokens get only their active segments' items. */
    @GetMapping("/items")
    ResponseEntity<Object> acrossSegments(@PathVariable String tenant,
                                          @RequestParam(required = false) String q,
                                          @RequestParam(required = false) String sort,
                                          @RequestParam(required = false) String pageNumber,
                                          @RequestParam(required = false) String pageSize,
                                          @RequestParam(required = false) String fields,
                                          @RequestParam(required = false) String siteCode,
                                          @RequestParam(defaultValue = "false") boolean onlyActive,
                                          @RequestParam(required = false) String legalEntityId,
                                          @RequestHeader(value = "X-Total-Count", defaultValue = "false")
                                          boolean withTotal,
                                          @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false)
                                          String acceptLanguage,
                                          @AuthenticationPrincipal Jwt token) {
        Instant now = clock.instant();
        Caller caller = Caller.of(token);
        SegmentMembership membership = caller.reader() ? null : caller.membership(null, legalEntityId, now);
        return search(new Page(tenant, null, q, sort, pageNumber, pageSize, fields, withTotal, acceptLanguage,
                siteCode, onlyActive || !caller.reader() ? now : null, membership));
    }

    @GetMapping("/items/category-trees")
    Object categoryTrees(@PathVariable String tenant, @RequestParam(required = false) String siteCode,
                         @RequestParam(required = false) String legalEntityId,
                         @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
                         @AuthenticationPrincipal Jwt token) {
        Localization localization = Localization.of(acceptLanguage);
        Caller caller = Caller.of(token);
        SegmentMembership membership = new Caller(caller.subject(), false, caller.legalEntityIds())
                .membership(null, legalEntityId, clock.instant());
        CategoryTreesResponse trees = Queries.run(() -> queryGateway.query(
                new FindCategoryTreesQuery(tenant, membership, siteCode), CategoryTreesResponse.class));
        ArrayNode roots = mapper.valueToTree(trees.roots());
        localize(roots, localization);
        return roots;
    }

    private void localize(ArrayNode categories, Localization localization) {
        for (JsonNode category : categories) {
            localization.apply((ObjectNode) category, CATEGORY_LOCALIZED);
            if (category.get("subcategories") instanceof ArrayNode children) {
                localize(children, localization);
            }
        }
    }

    private ResponseEntity<Object> search(Page page) {
        Paging paging = Paging.parse(page.pageNumber(), page.pageSize());
        FieldSelection selection = FieldSelection.parse(page.fields());
        Localization localization = Localization.of(page.acceptLanguage());
        ItemAssignmentPageResponse result = Queries.run(() -> queryGateway.query(
                new FindItemAssignmentsQuery(page.tenant(), page.segmentId(), page.q(), page.sort(),
                        paging.pageNumber(), paging.pageSize(), page.withTotal(), page.siteCode(), page.activeAt(),
                        page.membership()), ItemAssignmentPageResponse.class));
        return shaper.page(result.assignments(), result.total(), localization, selection, LOCALIZED);
    }

    private void requireVisibleSegment(String tenant, String segmentId, SegmentMembership membership) {
        Optional<SegmentResponse> segment = Queries.run(() -> queryGateway.query(
                new FindSegmentQuery(tenant, segmentId, membership),
                ResponseTypes.optionalInstanceOf(SegmentResponse.class)));
        if (segment.isEmpty()) {
            throw Queries.notFound(segmentId);
        }
    }

    private static ItemType itemType(String type) {
        return ItemType.named(type).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "Item type must be PRODUCT or CATEGORY."));
    }

    /** The parameters of one item assignment list request. */
    private record Page(String tenant, String segmentId, String q, String sort, String pageNumber, String pageSize,
                        String fields, boolean withTotal, String acceptLanguage, String siteCode, Instant activeAt,
                        SegmentMembership membership) {
    }
}
