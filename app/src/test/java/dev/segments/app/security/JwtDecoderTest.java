package dev.segments.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** How the token decoder is chosen, and the secrets it refuses. */
class JwtDecoderTest {

    final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void refusesTheLocalDefaultSecretInProduction() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThatThrownBy(() -> configuration.jwtDecoder(new JwtProperties(null, null, null), production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile refuses");
    }

    @Test
    void acceptsAPrivateSecretInProduction() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThat(configuration.jwtDecoder(new JwtProperties("a-private-secret-of-at-least-32-bytes!!", null, null),
                production)).isNotNull();
    }

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> configuration.jwtDecoder(new JwtProperties("too-short", null, null),
                new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void mintsTokensTheLocalDecoderAccepts() {
        String token = TokenMinter.mint(new String[] {"token", "--tenant=acme", "--scope=customersegment.segment_read"});
        var jwt = configuration.jwtDecoder(new JwtProperties(null, null, null), new MockEnvironment()).decode(token);
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo("acme");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("customersegment.segment_read");
    }
}
