package dev.segments.app.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where token signatures are verified against: a JWK set URI or an issuer URI (RS/ES keys, production), or
 * else the shared HS256 secret (local use and tests).
 */
@ConfigurationProperties("segments.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuerUri, Duration clockSkew) {

    /** Published in the README for local use; refused by the {@code prod} profile. */
    /** How long after {@code exp} (and before {@code nbf}) a token is still accepted, for clocks that drift. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

    public static final String LOCAL_DEFAULT_SECRET = "local-development-secret-change-me-please!";

    public JwtProperties {
        secret = secret == null || secret.isBlank() ? LOCAL_DEFAULT_SECRET : secret;
        jwkSetUri = jwkSetUri == null || jwkSetUri.isBlank() ? null : jwkSetUri;
        issuerUri = issuerUri == null || issuerUri.isBlank() ? null : issuerUri;
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    }

    boolean usesSharedSecret() {
        return jwkSetUri == null && issuerUri == null;
    }
}
