package dev.segments.app.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which tenant endpoint: the one table that both the security filter chain enforces and the
 * OpenAPI document publishes as each operation's scopes, so the two cannot disagree. Rules are tried in order;
 * the first whose method and path match decides.
 */
public final class AccessRules {

    public static final String BASE = "/customer-segment/{tenant}";

    /** OAuth2 scopes (without Spring's {@code SCOPE_} prefix) and what they allow. */
    public static final String MANAGE = "customersegment.segment_manage";
    public static final String READ = "customersegment.segment_read";
    public static final String READ_OWN = "customersegment.segment_read_own";
    public static final String REFERENCE_MANAGE = "customersegment.reference_manage";
    public static final String ADMIN = "customersegment.admin";
    /** Read segments' audit history (without access to anything else). */
    public static final String AUDIT_READ = "customersegment.audit_read";

    /** One rule: these paths under {@link #BASE} with this method (null: any) need one of these scopes. */
    public record Rule(HttpMethod method, List<String> paths, List<String> scopes) {

        boolean matches(HttpMethod requestMethod, String path) {
            if (method != null && !method.equals(requestMethod)) {
                return false;
            }
            PathContainer container = PathContainer.parsePath(path);
            return paths.stream().map(p -> PathPatternParser.defaultInstance.parse(BASE + p))
                    .anyMatch(pattern -> pattern.matches(container));
        }
    }

    public static final List<Rule> RULES = List.of(
            // auditors and readers; a customer token is let through only to be told 404 (or 403 for its own)
            rule(HttpMethod.GET, List.of("/segments/{segmentId}/history"), READ, AUDIT_READ, READ_OWN),
            // customer tokens (segment_read_own) read their own segments and assignments only
            rule(HttpMethod.POST, List.of("/segments/search", "/segments/{segmentId}/items/search"), READ, READ_OWN),
            rule(HttpMethod.GET, List.of("/segments/items/category-trees"), READ_OWN),
            rule(HttpMethod.GET, List.of("/segments", "/segments/{segmentId}", "/segments/{segmentId}/customers",
                    "/segments/{segmentId}/items", "/segments/{segmentId}/items/**"), READ, READ_OWN),
            rule(HttpMethod.POST, List.of("/segments/{segmentId}/customers/search"), READ),
            rule(HttpMethod.GET, List.of("/segments/**"), READ),
            rule(null, List.of("/segments", "/segments/**"), MANAGE),
            rule(null, List.of("/reference/**"), REFERENCE_MANAGE));

    private AccessRules() {
    }

    /** The scopes that allow {@code method} on {@code path} (a concrete path or an OpenAPI path template). */
    public static Optional<List<String>> scopesFor(HttpMethod method, String path) {
        return RULES.stream().filter(rule -> rule.matches(method, path)).findFirst().map(Rule::scopes);
    }

    private static Rule rule(HttpMethod method, List<String> paths, String... scopes) {
        return new Rule(method, paths, Arrays.asList(scopes));
    }

    /** Scope to Spring Security authority. */
    static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
