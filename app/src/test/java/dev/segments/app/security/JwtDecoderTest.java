package dev.segments.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.mock.env.MockEnvironment;

/** How the token decoder is chosen, and the secrets it refuses. */
class JwtDecoderTest {

    final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void refusesTheLocalDefaultSecretInProduction() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThatThrownBy(() -> configuration.jwtDecoder(new JwtProperties(null, null, null, null), production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile refuses");
    }

    @Test
    void acceptsAPrivateSecretInProduction() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThat(configuration.jwtDecoder(new JwtProperties("a-private-secret-of-at-least-32-bytes!!", null, null, null),
                production)).isNotNull();
    }

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> configuration.jwtDecoder(new JwtProperties("too-short", null, null, null),
                new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void mintsTokensTheLocalDecoderAccepts() {
        String token = TokenMinter.mint(new String[] {"token", "--tenant=acme", "--scope=customersegment.segment_read"});
        var jwt = configuration.jwtDecoder(new JwtProperties(null, null, null, null), new MockEnvironment()).decode(token);
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("acme");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("customersegment.segment_read");
    }

    @Test
    void refusesTokensExpiredLongerAgoThanTheClockSkew() {
        var decoder = configuration.jwtDecoder(new JwtProperties(null, null, null, null), new MockEnvironment());

        assertThat(decoder.decode(expiredSecondsAgo(3)).getClaimAsString("tenant")).isEqualTo("acme");
        assertThatThrownBy(() -> decoder.decode(expiredSecondsAgo(6)))
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
    }

    @Test
    void clockSkewIsASetting() {
        var strict = configuration.jwtDecoder(new JwtProperties(null, null, null, Duration.ZERO),
                new MockEnvironment());

        assertThatThrownBy(() -> strict.decode(expiredSecondsAgo(1))).isInstanceOf(JwtValidationException.class);
    }

    private static String expiredSecondsAgo(long seconds) {
        Instant now = Instant.now();
        return TokenMinter.sign(new JWTClaimsSet.Builder().subject("client").claim("tenant", "acme")
                .claim("scope", "customersegment.segment_read").issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(seconds))).build(), JwtProperties.LOCAL_DEFAULT_SECRET);
    }
}
