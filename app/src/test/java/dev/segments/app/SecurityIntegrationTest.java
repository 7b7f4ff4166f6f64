package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token verification, scopes per endpoint and tenant isolation, with the API's 401 and 403 bodies. */
class SecurityIntegrationTest extends IntegrationTestBase {

    String tenant;
    String base;

    @BeforeEach
    void pickTenant() {
        tenant = newTenant();
        base = "/customer-segment/" + tenant + "/segments";
    }

    @Test
    void answersMissingTokensWithTheFaultBody() {
        Api.Response response = new Api(port, null).get(base);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("fault").get("faultstring").asText()).isEqualTo("Missing access token");
        assertThat(response.json().get("fault").get("detail").get("errorcode").asText()).startsWith("oauth.v2.");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void saysWhyATokenWasRefused() {
        String expired = Tokens.sign(Tokens.claims(tenant, READ).issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build(), secret());

        Api.Response response = new Api(port, expired).get(base);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .startsWith("Bearer error=\"invalid_token\", error_description=\"")
                .contains("expired");
        assertThat(new Api(port, "not.a.jwt").get(base).header("WWW-Authenticate"))
                .startsWith("Bearer error=\"invalid_token\", error_description=\"").endsWith("\"");
    }

    @Test
    void rejectsTokensThatDoNotVerify() {
        String wrongSecret = Tokens.sign(Tokens.claims(tenant, READ).build(), "another-secret-that-is-long-enough-1234");
        String expired = Tokens.sign(Tokens.claims(tenant, READ)
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build(), secret());
        String noTenant = Tokens.sign(Tokens.claims(tenant, READ).claim("tenant", null).build(), secret());
        String noExpiry = Tokens.sign(Tokens.claims(tenant, READ).expirationTime(null).build(), secret());
        for (String token : new String[] {wrongSecret, expired, noTenant, noExpiry, "not.a.jwt"}) {
            Api.Response response = new Api(port, token).get(base);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.json().get("fault").get("faultstring").asText()).isEqualTo("Invalid access token");
            assertThat(response.json().get("fault").get("detail").get("errorcode").asText())
                    .isEqualTo("oauth.v2.InvalidAccessToken");
        }
    }

    @Test
    void forbidsOtherTenantsPaths() {
        Api other = api(newTenant(), MANAGE + " " + READ);
        Api.Response response = other.get(base);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("code").asInt()).isEqualTo(403);
        assertThat(response.json().get("status").asText()).isEqualTo("Forbidden");
        assertThat(response.json().get("message").asText())
                .isEqualTo("The token was issued for another tenant than '" + tenant + "'.");
        assertThat(other.post(base, segment("x", "X")).status()).isEqualTo(403);
    }

    @Test
    void saysWhichScopeIsMissing() {
        assertThat(api(tenant, READ).post(base, segment("x", "X")).json().get("message").asText())
                .isEqualTo("The token lacks the scope customersegment.segment_manage, which this operation needs.");
        assertThat(api(tenant, MANAGE).get(base).json().get("message").asText())
                .isEqualTo("The token lacks one of the scopes customersegment.segment_read, "
                        + "customersegment.segment_read_own, which this operation needs.");
    }

    @Test
    void requiresTheEndpointsScope() {
        Api reader = api(tenant, READ);
        Api manager = api(tenant, MANAGE);
        assertThat(reader.post(base, segment("x", "X")).status()).isEqualTo(403);
        assertThat(reader.put(base + "/x", segment("x", "X")).status()).isEqualTo(403);
        assertThat(reader.patch(base + "/x", "[]").status()).isEqualTo(403);
        assertThat(reader.delete(base + "/x").status()).isEqualTo(403);
        assertThat(reader.post(base + "/bulk", "[]").status()).isEqualTo(403);
        assertThat(manager.get(base).status()).isEqualTo(403);
        assertThat(manager.get(base + "/x").status()).isEqualTo(403);
        assertThat(manager.post(base + "/search", Map.of()).status()).isEqualTo(403);
        assertThat(manager.post(base, segment("x", "X")).status()).isEqualTo(201);
        assertThat(reader.get(base + "/x").status()).isEqualTo(200);
        assertThat(reader.post(base + "/search", Map.of("q", "id:x")).json()).hasSize(1);
    }

    @Test
    void leavesHealthAndApiDocsOpen() {
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    private static String secret() {
        return dev.segments.app.security.JwtProperties.LOCAL_DEFAULT_SECRET;
    }
}
