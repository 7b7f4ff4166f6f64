package dev.segments.query.web;

import dev.segments.events.segment.SegmentMembership;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who is reading: a service with {@code segment_read} sees everything of its tenant; a customer token
 * ({@code segment_read_own} only) sees only active segments it belongs to, directly or through one of the
 * legal entities it acts for, and only its own assignments.
 */
public record Caller(String subject, boolean reader, List<String> legalEntityIds) {

    static final String READ_SCOPE = "customersegment.segment_read";
    static final String AUDIT_SCOPE = "customersegment.audit_read";

    public static Caller of(Jwt token) {
        String scope = token.getClaimAsString("scope");
        boolean reader = scope != null && Arrays.asList(scope.split(" ")).contains(READ_SCOPE);
        List<String> legalEntityIds = token.hasClaim("legalEntityIds") ? token.getClaimAsStringList("legalEntityIds")
                : List.of();
        return new Caller(token.getSubject(), reader, legalEntityIds == null ? List.of() : legalEntityIds);
    }

    /** Whether the token may read audit history: {@code segment_read} or {@code audit_read}. */
    public static boolean auditor(Jwt token) {
        String scope = token.getClaimAsString("scope");
        List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.split(" "));
        return scopes.contains(READ_SCOPE) || scopes.contains(AUDIT_SCOPE);
    }

    /**
     * The moment of a point-in-time read ({@code asOf}), or null for the current state. Customer tokens may not
     * read the past (403): they see only what is active for them now.
     */
    public Instant asOf(String asOf) {
        if (asOf == null) {
            return null;
        }
        if (!reader) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "The asOf parameter needs the customersegment.segment_read scope.");
        }
        return Instants.parse("asOf", asOf);
    }

    /**
     * The membership a segment read is restricted to. Readers are unrestricted unless they ask for a
     * customer's segments ({@code customerId}, optionally narrowed to one legal entity); customers are always
     * restricted to themselves, at {@code now}, and may narrow to one of their own legal entities.
     */
    public SegmentMembership membership(String customerId, String legalEntityId, Instant now) {
        if (reader) {
            return customerId == null ? null
                    : new SegmentMembership(customerId, legalEntityId == null ? null : List.of(legalEntityId), null);
        }
        if (customerId != null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "The customerId parameter needs the customersegment.segment_read scope.");
        }
        if (legalEntityId != null && !legalEntityIds.contains(legalEntityId)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "The legal entity " + legalEntityId + " is not one the caller acts for.");
        }
        return new SegmentMembership(subject, legalEntityId == null ? legalEntityIds : List.of(legalEntityId), now);
    }
}
