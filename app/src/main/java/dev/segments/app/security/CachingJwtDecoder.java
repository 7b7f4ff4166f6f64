package dev.segments.app.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers the tokens it has verified. Clients send the same bearer token with every request, and parsing
 * it and checking its signature cost about a tenth of a read; the claims validation (expiry, not-before,
 * required claims) still runs on every use, so a remembered token is refused the moment it expires. Entries
 * are verified again after {@code reverifyAfter}, so a key removed from a JWK set stops working within that
 * bound; the cache is cleared when it reaches {@code maxEntries}.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Verified(Jwt jwt, long verifiedAt) {
    }

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int maxEntries;
    private final long reverifyAfterNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxEntries,
                      Duration reverifyAfter, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.validator = validator;
        this.maxEntries = maxEntries;
        this.reverifyAfterNanos = reverifyAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Jwt decode(String token) {
        Verified known = verified.get(token);
        if (known != null && nanoTime.getAsLong() - known.verifiedAt() < reverifyAfterNanos) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                verified.remove(token);
                throw new JwtValidationException(result.getErrors().stream()
                        .map(error -> error.getDescription() == null ? error.getErrorCode() : error.getDescription())
                        .collect(Collectors.joining("; ")), result.getErrors());
            }
            return known.jwt();
        }
        Jwt jwt = delegate.decode(token);
        if (verified.size() >= maxEntries) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, nanoTime.getAsLong()));
        return jwt;
    }
}
