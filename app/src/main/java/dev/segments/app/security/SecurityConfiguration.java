package dev.segments.app.security;

import dev.segments.app.web.ErrorBody;
import dev.segments.events.segment.SegmentIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API is an OAuth2 resource server: every call under {@code /customer-segment/{tenant}} needs a valid
 * JWT whose {@code tenant} claim equals the path's tenant and whose scopes allow the endpoint. Failures use
 * the API's bodies: 401 in the gateway's fault format, 403 in the error format.
 */
@Configuration
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfiguration {

    static final String BASE = "/customer-segment/{tenant}";
    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper mapper) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> unauthorized(response, failure,
                mapper);
        AccessDeniedHandler forbidden = (request, response, denied) -> ErrorBody.write(response,
                HttpStatus.FORBIDDEN, denied instanceof AuthorizationDeniedException authorization
                        && authorization.getAuthorizationResult() instanceof Denial denial ? denial.reason()
                        : "The access to the requested resource has been forbidden by the server.");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TenantPathFilter(), BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(any("/actuator/health/**", "/actuator/health", "/actuator/info",
                            "/actuator/prometheus", "/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**",
                            "/swagger-ui.html", "/error")).permitAll();
                    // operators: dead letters, consistency, projections, re-delivery (the tenant is not checked)
                    auth.requestMatchers(any("/actuator", "/actuator/**"))
                            .hasAuthority(AccessRules.authority(AccessRules.ADMIN));
                    for (AccessRules.Rule rule : AccessRules.RULES) {
                        auth.requestMatchers(on(rule.method(), rule.paths())).access(tenantWith(rule.scopes()));
                    }
                    auth.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt -> { })
                        .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /**
     * Path-pattern matchers under the tenant's base path. Built directly rather than from strings, which with
     * Spring MVC present become introspecting matchers that look up the MVC handler for every rule on every
     * request.
     */
    private static RequestMatcher[] on(HttpMethod method, List<String> paths) {
        return paths.stream().map(path -> PATHS.matcher(method, AccessRules.BASE + path))
                .toArray(RequestMatcher[]::new);
    }

    private static RequestMatcher[] any(String... paths) {
        return Arrays.stream(paths).map(PATHS::matcher).toArray(RequestMatcher[]::new);
    }

    /**
     * Allows a request whose token belongs to the path's tenant and carries any of the given scopes; a refusal
     * says which of the two was wrong.
     */
    static AuthorizationManager<RequestAuthorizationContext> tenantWith(List<String> scopes) {
        List<String> allowed = scopes.stream().map(AccessRules::authority).toList();
        String needed = scopes.size() == 1 ? "the scope " + scopes.get(0) : "one of the scopes "
                + String.join(", ", scopes);
        return (authentication, context) -> {
            if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
                return new AuthorizationDecision(false);
            }
            String tenant = context.getVariables().get("tenant");
            if (!Objects.equals(tenant, token.getToken().getClaimAsString("tenant"))) {
                return new Denial("The token was issued for another tenant than '" + tenant + "'.");
            }
            boolean scoped = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .anyMatch(allowed::contains);
            return scoped ? new AuthorizationDecision(true)
                    : new Denial("The token lacks " + needed + ", which this operation needs.");
        };
    }

    /** A refusal with the reason the 403 tells the client. */
    static final class Denial extends AuthorizationDecision {

        private final String reason;

        Denial(String reason) {
            super(false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /**
     * A path the firewall refuses (encoded dots or slashes, path parameters, control characters) is a bad
     * request, answered before anything looks at the token.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejected) -> ErrorBody.write(response, HttpStatus.BAD_REQUEST,
                "The request path is not allowed: it contains encoded or special characters the API never uses.");
    }

    /**
     * No observation around every security filter, authentication and authorization: together they cost more
     * than the filters themselves, and request timings already come from the HTTP server observation.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties, Environment environment) {
        NimbusJwtDecoder decoder;
        if (properties.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    .jwsAlgorithms(algorithms -> {
                        algorithms.add(SignatureAlgorithm.RS256);
                        algorithms.add(SignatureAlgorithm.ES256);
                    }).build();
        } else if (properties.issuerUri() != null) {
            decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
        } else {
            byte[] secret = properties.secret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException("SEGMENTS_JWT_SECRET must be at least 32 bytes for HS256.");
            }
            if (environment.acceptsProfiles(Profiles.of("prod"))
                    && properties.secret().equals(JwtProperties.LOCAL_DEFAULT_SECRET)) {
                throw new IllegalStateException("The prod profile refuses the local default JWT secret: set "
                        + "SEGMENTS_JWT_JWK_SET_URI, SEGMENTS_JWT_ISSUER_URI or a private SEGMENTS_JWT_SECRET.");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        // Spring's default tolerates 60 s of clock skew after exp; ours is a setting, 5 s unless configured
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        if (properties.issuerUri() != null) {
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        }
        validators.add(SecurityConfiguration::requiredClaims);
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(validators);
        decoder.setJwtValidator(validator);
        return new CachingJwtDecoder(decoder, validator, 10_000, Duration.ofMinutes(5), System::nanoTime);
    }

    /** {@code exp} and {@code tenant} are mandatory; Spring only checks {@code exp} when it is present. */
    static OAuth2TokenValidatorResult requiredClaims(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no exp claim",
                    null));
        }
        if (!(jwt.getClaims().get("tenant") instanceof String tenant) || tenant.isBlank()) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token has no tenant claim", null));
        }
        return OAuth2TokenValidatorResult.success();
    }

    /**
     * 401 in the gateway's fault format, with RFC 6750's {@code WWW-Authenticate}: plain {@code Bearer} when no
     * token came, {@code error="invalid_token"} and why when the token was refused (expired, bad signature, ...).
     */
    private static void unauthorized(HttpServletResponse response, AuthenticationException failure,
                                     ObjectMapper mapper) throws IOException {
        boolean missing = failure instanceof InsufficientAuthenticationException;
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, missing ? "Bearer"
                : "Bearer error=\"invalid_token\", error_description=\"" + description(failure) + "\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), Map.of("fault", Map.of(
                "faultstring", missing ? "Missing access token" : "Invalid access token",
                "detail", Map.of("errorcode", missing ? "oauth.v2.MissingAccessToken" : "oauth.v2.InvalidAccessToken"))));
    }

    /** Why a token was refused, as RFC 6750 allows it in a header: printable ASCII without quotes or backslashes. */
    static String description(AuthenticationException failure) {
        String text = failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                : failure.getMessage() == null ? "The token is not valid" : failure.getMessage();
        StringBuilder clean = new StringBuilder();
        text.chars().filter(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\').limit(200)
                .forEach(c -> clean.append((char) c));
        return clean.toString();
    }

    /** Rejects a malformed tenant in the path with 400 before any token is looked at. */
    static class TenantPathFilter extends OncePerRequestFilter {

        private static final String PREFIX = "/customer-segment/";

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith(PREFIX)) {
                String rest = path.substring(PREFIX.length());
                int slash = rest.indexOf('/');
                String tenant = slash < 0 ? rest : rest.substring(0, slash);
                if (!SegmentIdentity.TENANT.matcher(tenant).matches()) {
                    ErrorBody.write(response, HttpStatus.BAD_REQUEST,
                            "The tenant must be 3-16 lowercase letters and digits, starting with a letter.");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
