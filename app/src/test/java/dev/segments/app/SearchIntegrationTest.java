package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The q language, sorting, paging and field selection through the HTTP API over real segments: each
 * construct with the exact result and order, and errors as 400 naming the problem and its position.
 */
class SearchIntegrationTest extends IntegrationTestBase {

    String tenant;
    Api api;
    String segments;

    @BeforeEach
    void seed() {
        tenant = newTenant();
        api = api(tenant, MANAGE + " " + READ);
        segments = "/customer-segment/" + tenant + "/segments";
        put("alpha", Map.of("en", "Gold Club", "de", "Goldklub"), "ACTIVE", "main",
                Map.of("from", "2024-01-01T00:00:00Z", "to", "2030-01-01T00:00:00Z"),
                Map.of("tier", Map.of("level", 3), "region", "north", "vip", true));
        put("beta", Map.of("en", "Silver (with spaces)"), "INACTIVE", "main", null,
                Map.of("tier", Map.of("level", 1), "region", "south"));
        put("gamma", Map.of("en", "Bronze: Club (b2b)"), "ACTIVE", "outlet", Map.of("from", "2025-06-01T00:00:00Z"),
                Map.of("tier", Map.of("level", 2)));
        put("delta", Map.of("de", "Platin"), "ACTIVE", "main", null, null);
    }

    @Test
    void filtersByEveryConstruct() {
        assertThat(find("siteCode:main", "id:ASC")).containsExactly("alpha", "beta", "delta");
        assertThat(find("siteCode:main status:ACTIVE", "id:ASC")).containsExactly("alpha", "delta");
        assertThat(find("name.en:\"Bronze: Club (b2b)\"", null)).containsExactly("gamma");
        assertThat(find("name:Platin", null)).containsExactly("delta");
        assertThat(find("id:(alpha,gamma,nope)", "id:DESC")).containsExactly("gamma", "alpha");
        assertThat(find("mixins.tier.level:>=2", "id:ASC")).containsExactly("alpha", "gamma");
        assertThat(find("mixins.tier.level:(>=1 AND <3)", "id:ASC")).containsExactly("beta", "gamma");
        assertThat(find("mixins.vip:true", null)).containsExactly("alpha");
        assertThat(find("mixins.region:missing", "id:ASC")).containsExactly("delta", "gamma");
        assertThat(find("mixins:null", null)).containsExactly("delta");
        assertThat(find("validity.from:exists", "id:ASC")).containsExactly("alpha", "gamma");
        assertThat(find("validity.to:null", "id:ASC")).containsExactly("beta", "delta", "gamma");
        assertThat(find("validity.from:>\"2024-06-01T00:00:00Z\"", null)).containsExactly("gamma");
        assertThat(find("validity.from:(>=\"2023-12-31\" AND <\"2025-12-31T00:00:00Z\")", "validity.from:DESC"))
                .containsExactly("gamma", "alpha");
        assertThat(find("name.en:~^(Gold|Bronze)", "id:ASC")).containsExactly("alpha", "gamma");
        assertThat(find("name.en:~(with spaces)", null)).containsExactly("beta");
        assertThat(find("siteCode:\"outlet\"", null)).containsExactly("gamma");
        assertThat(find("metadata.version:2", null)).containsExactly("alpha");
        assertThat(find("metadata.createdAt:>\"2020-01-01T00:00:00Z\"", "metadata.createdAt:ASC"))
                .containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void sortsPagesAndSelectsFields() {
        assertThat(find(null, "name.en:ASC,id:DESC")).containsExactly("gamma", "alpha", "beta", "delta");
        assertThat(find(null, "mixins.tier.level:DESC")).containsExactly("alpha", "gamma", "beta", "delta");
        Api.Response page = api.get(segments + "?sort=id:ASC&pageSize=2&pageNumber=2", "X-Total-Count", "true");
        assertThat(Json.ids(page.json())).containsExactly("delta", "gamma");
        assertThat(page.header("X-Total-Count")).isEqualTo("4");
        assertThat(Json.ids(api.get(segments + "?sort=id:ASC&pageSize=2&pageNumber=3").json())).isEmpty();
        JsonNode selected = api.get(segments + "?q=id:alpha&fields=id,mixins.tier,metadata.version").json().get(0);
        assertThat(selected.toString()).isEqualTo("{\"id\":\"alpha\",\"mixins\":{\"tier\":{\"level\":3}},"
                + "\"metadata\":{\"version\":2}}");
    }

    @Test
    void answersBadQueriesWith400NamingTheProblem() {
        expectBadQuery("q=nme:Gold", "Unknown field 'nme'", "position 1");
        expectBadQuery("q=" + encode("status:(ACTIVE"), "position");
        expectBadQuery("q=" + encode("name.en:~(unclosed"), "position");
        expectBadQuery("q=" + encode("name.en:~a{2,1}"), "regular expression");
        expectBadQuery("q=" + encode("metadata.version:>abc"), "metadata.version");
        expectBadQuery("q=" + encode("validity.from:>\"yesterday\""), "validity.from");
        expectBadQuery("sort=bogus:ASC", "bogus");
        expectBadQuery("sort=id:SIDEWAYS", "SIDEWAYS");
        expectBadQuery("pageNumber=x", "pageNumber");
        expectBadQuery("q=" + encode("id:'; drop table segment_view; --"), "");
        assertThat(api.get(segments).json()).hasSize(4);
    }

    private void expectBadQuery(String query, String... messageParts) {
        Api.Response response = api.get(segments + "?" + query);
        if (messageParts.length == 1 && messageParts[0].isEmpty() && response.status() == 200) {
            assertThat(response.json()).isEmpty();
            return;
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        for (String part : messageParts) {
            assertThat(response.json().get("message").asText()).contains(part);
        }
    }

    private List<String> find(String q, String sort) {
        StringBuilder query = new StringBuilder(segments).append("?pageSize=100");
        if (q != null) {
            query.append("&q=").append(encode(q));
        }
        if (sort != null) {
            query.append("&sort=").append(encode(sort));
        }
        Api.Response response = api.get(query.toString());
        assertThat(response.status()).as(q + " -> " + response).isEqualTo(200);
        return Json.ids(response.json());
    }

    private void put(String id, Map<String, String> name, String status, String site, Map<String, String> validity,
                     Map<String, Object> mixins) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", id, "name", name, "status", status,
                "siteCode", site));
        if (validity != null) {
            body.put("validity", validity);
        }
        if (mixins != null) {
            body.put("mixins", mixins);
        }
        assertThat(api.post(segments, body).status()).isEqualTo(201);
        if (id.equals("alpha")) {
            assertThat(api.patch(segments + "/alpha", List.of(Map.of("op", "add", "path", "/name/fr",
                    "value", "Club d'or"))).status()).isEqualTo(204);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
