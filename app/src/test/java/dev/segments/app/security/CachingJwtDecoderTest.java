package dev.segments.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** Verified tokens are remembered, but expiry is still checked on every use. */
class CachingJwtDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    final AtomicInteger verifications = new AtomicInteger();
    final AtomicLong nanos = new AtomicLong();
    final JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
    final JwtDecoder verifying = token -> {
        verifications.incrementAndGet();
        return Jwt.withTokenValue(token).header("alg", "HS256").claim("tenant", "acme")
                .issuedAt(NOW).expiresAt(NOW.plusSeconds(60)).build();
    };

    CachingJwtDecoder decoder(int maxEntries) {
        timestamps.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
        return new CachingJwtDecoder(verifying, timestamps, maxEntries, Duration.ofMinutes(5), nanos::get);
    }

    @Test
    void verifiesARepeatedTokenOnce() {
        CachingJwtDecoder decoder = decoder(10);
        Jwt first = decoder.decode("token-a");
        Jwt second = decoder.decode("token-a");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
        decoder.decode("token-b");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusesARememberedTokenOnceItHasExpired() {
        CachingJwtDecoder decoder = decoder(10);
        decoder.decode("token-a");
        timestamps.setClock(Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        assertThatThrownBy(() -> decoder.decode("token-a"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void verifiesAgainAfterTheReverifyInterval() {
        CachingJwtDecoder decoder = decoder(10);
        decoder.decode("token-a");
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        decoder.decode("token-a");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void staysBoundedByStartingOverWhenFull() {
        CachingJwtDecoder decoder = decoder(2);
        decoder.decode("token-a");
        decoder.decode("token-b");
        decoder.decode("token-c");
        decoder.decode("token-c");
        decoder.decode("token-a");
        assertThat(verifications).hasValue(4);
    }

    @Test
    void passesVerificationFailuresThrough() {
        JwtDecoder failing = token -> {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("bad signature");
        };
        CachingJwtDecoder decoder = new CachingJwtDecoder(failing, timestamps, 10, Duration.ofMinutes(5),
                nanos::get);
        assertThatThrownBy(() -> decoder.decode("forged")).hasMessage("bad signature");
        assertThatThrownBy(() -> decoder.decode("forged")).hasMessage("bad signature");
    }
}
