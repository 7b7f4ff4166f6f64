package dev.segments.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints an HS256 token signed with {@code SEGMENTS_JWT_SECRET} (or the local default) for curl and local
 * testing: {@code java -jar segment-service.jar token --tenant=acme --scope="a b" [--sub=me]
 * [--legal-entities=le1,le2] [--ttl=3600]}.
 */
public final class TokenMinter {

    private TokenMinter() {
    }

    public static String mint(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String secret = System.getenv().getOrDefault("SEGMENTS_JWT_SECRET", JwtProperties.LOCAL_DEFAULT_SECRET);
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(options.getOrDefault("sub", "local-client"))
                .claim("tenant", options.getOrDefault("tenant", "acme"))
                .claim("scope", options.getOrDefault("scope",
                        "customersegment.segment_manage customersegment.segment_read"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofSeconds(
                        Long.parseLong(options.getOrDefault("ttl", "3600"))))));
        if (options.containsKey("legal-entities")) {
            claims.claim("legalEntityIds", List.of(options.get("legal-entities").split(",")));
        }
        return sign(claims.build(), secret);
    }

    static String sign(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign with this secret: " + e.getMessage(), e);
        }
    }
}
