package dev.segments.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.segments.app.security.JwtProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Real HS256 tokens for tests, signed with the secret the test contexts verify against. */
final class Tokens {

    static final String MANAGE = "customersegment.segment_manage";
    static final String READ = "customersegment.segment_read";
    static final String READ_OWN = "customersegment.segment_read_own";
    static final String ADMIN = "customersegment.admin";

    private Tokens() {
    }

    static String token(String tenant, String scope) {
        return sign(claims(tenant, scope).build(), JwtProperties.LOCAL_DEFAULT_SECRET);
    }

    static JWTClaimsSet.Builder claims(String tenant, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("test-client").claim("tenant", tenant).claim("scope", scope)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
