package dev.segments.app;

import static dev.segments.app.Tokens.MANAGE;
import static dev.segments.app.Tokens.READ;
import static dev.segments.app.Tokens.READ_OWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.app.security.JwtProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Item assignments, the catalog replica, product matching and category trees over real HTTP. */
class ItemAssignmentIntegrationTest extends IntegrationTestBase {

    String tenant;
    Api api;
    String segments;
    String catalog;

    @BeforeEach
    void newTenantAndClient() {
        tenant = newTenant();
        api = api(tenant, MANAGE + " " + READ + " customersegment.reference_manage");
        segments = "/customer-segment/" + tenant + "/segments";
        catalog = "/customer-segment/" + tenant + "/reference";
    }

    @Test
    void upsertsReadsAndDeletesItemAssignments() {
        create("s", "ACTIVE", "main", null, null);
        assertThat(api.put(catalog + "/products/p1", Map.of("code", "P-1", "name", Map.of("en", "Hammer",
                "de", "Hammer DE"))).status()).isEqualTo(201);
        Api.Response created = api.put(segments + "/s/items/PRODUCT/p1", Map.of("mixins", Map.of("promo", true)));
        assertThat(created.status()).isEqualTo(201);
        JsonNode read = api.get(segments + "/s/items/PRODUCT/p1").json();
        assertThat(read.get("segmentId").asText()).isEqualTo("s");
        assertThat(read.get("type").asText()).isEqualTo("PRODUCT");
        assertThat(read.get("item").get("code").asText()).isEqualTo("P-1");
        assertThat(read.get("item").get("name").get("de").asText()).isEqualTo("Hammer DE");
        assertThat(read.get("mixins").get("promo").asBoolean()).isTrue();
        assertThat(api.get(segments + "/s/items/PRODUCT/p1", "Accept-Language", "de").json().get("item").get("name")
                .toString()).isEqualTo("{\"de\":\"Hammer DE\"}");

        assertThat(api.put(segments + "/s/items/PRODUCT/p1", Map.of("metadata", Map.of("version", 1))).status())
                .isEqualTo(204);
        assertThat(api.put(segments + "/s/items/PRODUCT/p1", Map.of("metadata", Map.of("version", 1))).status())
                .isEqualTo(409);
        assertThat(api.put(segments + "/s/items/CATEGORY/unknown-category", Map.of()).status()).isEqualTo(201);
        assertThat(api.get(segments + "/s/items/CATEGORY/unknown-category").json().get("item").toString())
                .isEqualTo("{\"id\":\"unknown-category\"}");
        assertThat(api.put(segments + "/s/items/BRAND/b1", Map.of()).status()).isEqualTo(400);
        assertThat(api.get(segments + "/s/items/BRAND/b1").status()).isEqualTo(400);
        assertThat(api.put(segments + "/nope/items/PRODUCT/p1", Map.of()).status()).isEqualTo(404);

        assertThat(api.delete(segments + "/s/items/PRODUCT/p1").status()).isEqualTo(204);
        assertThat(api.get(segments + "/s/items/PRODUCT/p1").status()).isEqualTo(404);
        assertThat(api.delete(segments + "/s/items/PRODUCT/p1").status()).isEqualTo(204);
    }

    @Test
    void listsSearchesAndBulkWritesItemAssignments() {
        create("s", "ACTIVE", "main", null, null);
        api.put(catalog + "/products/p2", Map.of("code", "CODE-2"));
        // entry 3 has no id on purpose: it gets its own 400 while the others apply
        Api.Response bulk = api.outsideContract().put(segments + "/s/items/PRODUCT/bulk", List.of(
                Map.of("id", "p1", "mixins", Map.of("rank", 1)), Map.of("id", "p2", "mixins", Map.of("rank", 2)),
                Map.of("mixins", Map.of()), Map.of("id", "p3", "mixins", Map.of("rank", 3))));
        assertThat(bulk.status()).isEqualTo(207);
        assertThat(Json.codes(bulk.json())).containsExactly(201, 201, 400, 201);
        api.put(segments + "/s/items/CATEGORY/c1", Map.of());

        Api.Response all = api.get(segments + "/s/items?sort=item.id:ASC", "X-Total-Count", "true");
        assertThat(all.header("X-Total-Count")).isEqualTo("4");
        assertThat(Json.texts(all.json(), "/item/id")).containsExactly("c1", "p1", "p2", "p3");
        assertThat(Json.texts(api.get(segments + "/s/items?q=type:CATEGORY").json(), "/item/id")).containsExactly("c1");
        assertThat(Json.texts(api.get(segments + "/s/items?q=item.code:CODE-2").json(), "/item/id")).containsExactly("p2");
        assertThat(Json.texts(api.get(segments + "/s/items?q=mixins.rank:>=2&sort=mixins.rank:DESC").json(), "/item/id"))
                .containsExactly("p3", "p2");
        assertThat(itemIds(api.post(segments + "/s/items/search?sort=item.id:DESC&pageSize=2",
                Map.of("q", "type:PRODUCT")).json())).containsExactly("p3", "p2");
        assertThat(api.get(segments + "/s/items?q=item.id:p1&fields=item.id").json().get(0).toString())
                .isEqualTo("{\"item\":{\"id\":\"p1\"}}");
        assertThat(api.get(segments + "/s/items?q=bogus:1").status()).isEqualTo(400);

        Api.Response removed = api.outsideContract().delete(segments + "/s/items/PRODUCT/bulk", List.of("p1", "p2", 7));
        assertThat(Json.codes(removed.json())).containsExactly(204, 204, 400);
        assertThat(Json.texts(api.get(segments + "/s/items?sort=item.id:ASC").json(), "/item/id")).containsExactly("c1", "p3");
        assertThat(api.put(segments + "/s/items/PRODUCT/bulk", java.util.stream.IntStream.rangeClosed(1, 201)
                .mapToObj(i -> Map.of("id", "x" + i)).toList()).status()).isEqualTo(400);
    }

    @Test
    void forceDeleteTakesItemAssignmentsAlong() {
        create("s", "ACTIVE", "main", null, null);
        api.put(segments + "/s/items/PRODUCT/p1", Map.of());
        assertThat(api.delete(segments + "/s").status()).isEqualTo(400);
        assertThat(api.delete(segments + "/s?forceDelete=true").status()).isEqualTo(204);
        create("s", "ACTIVE", "main", null, null);
        assertThat(api.get(segments + "/s/items").json()).isEmpty();
        assertThat(api.get(segments + "/items").json()).isEmpty();
    }

    @Test
    void listsItemsAcrossSegmentsBySiteAndActivity() {
        create("main-active", "ACTIVE", "main", null, null);
        create("main-inactive", "INACTIVE", "main", null, null);
        create("outlet-active", "ACTIVE", "outlet", null, null);
        api.put(segments + "/main-active/items/PRODUCT/p1", Map.of());
        api.put(segments + "/main-inactive/items/PRODUCT/p2", Map.of());
        api.put(segments + "/outlet-active/items/PRODUCT/p3", Map.of());
        api.put(segments + "/main-active/customers/me", Map.of());
        api.put(segments + "/main-inactive/customers/me", Map.of());

        assertThat(Json.texts(api.get(segments + "/items?sort=item.id:ASC").json(), "/item/id")).containsExactly("p1", "p2", "p3");
        assertThat(Json.texts(api.get(segments + "/items?siteCode=main&sort=item.id:ASC").json(), "/item/id"))
                .containsExactly("p1", "p2");
        assertThat(Json.texts(api.get(segments + "/items?onlyActive=true&sort=item.id:ASC").json(), "/item/id"))
                .containsExactly("p1", "p3");
        Api customer = customer("me", List.of());
        assertThat(Json.texts(customer.get(segments + "/items").json(), "/item/id")).containsExactly("p1");
        assertThat(Json.texts(customer.get(segments + "/main-active/items").json(), "/item/id")).containsExactly("p1");
        assertThat(customer.get(segments + "/main-inactive/items").status()).isEqualTo(404);
        assertThat(customer.get(segments + "/outlet-active/items/PRODUCT/p3").status()).isEqualTo(404);
        assertThat(customer.get(segments + "/items?legalEntityId=nope").status()).isEqualTo(403);
    }

    @Test
    void matchesProductsDirectlyAndThroughCategoryTrees() {
        Instant now = Instant.now();
        create("direct", "ACTIVE", "main", null, null);
        create("tools", "ACTIVE", "main", null, null);
        create("off", "INACTIVE", "main", null, null);
        create("past", "ACTIVE", "main", now.minus(5, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS));
        create("outlet", "ACTIVE", "outlet", null, null);
        category("tools", null, 0);
        category("hammers", "tools", 0);
        category("sledge", "hammers", 0);
        category("garden", null, 1);
        place("sledge", "p-deep");
        place("hammers", "p-mid");
        place("garden", "p-garden");
        place("garden", "p-off");
        api.put(segments + "/direct/items/PRODUCT/p-direct", Map.of());
        api.put(segments + "/tools/items/CATEGORY/tools", Map.of());
        api.put(segments + "/off/items/CATEGORY/garden", Map.of());
        api.put(segments + "/past/items/PRODUCT/p-off", Map.of());
        api.put(segments + "/outlet/items/CATEGORY/garden", Map.of());

        List<String> all = List.of("direct", "tools", "off", "past", "outlet");
        assertThat(match(List.of("p-direct", "p-deep", "p-mid", "p-garden", "p-off", "p-unknown"), all))
                .containsExactly("p-direct", "p-deep", "p-mid");
        assertThat(match(List.of("p-garden"), List.of("outlet"), "site", "outlet")).containsExactly("p-garden");
        assertThat(match(List.of("p-garden"), List.of("outlet"))).isEmpty();
        assertThat(match(List.of("p-deep"), List.of("direct"))).isEmpty();

        JsonNode explained = api.post(segments + "/match?explain=true", Map.of("items", List.of(Map.of("id", "p-deep"),
                Map.of("id", "p-direct")), "segmentIds", all, "siteCode", "main")).json();
        assertThat(explained.get(0).get("matchedBy").get(0).get("segmentId").asText()).isEqualTo("tools");
        assertThat(explained.get(0).get("matchedBy").get(0).get("categoryPath").toString())
                .isEqualTo("[\"tools\",\"hammers\",\"sledge\"]");
        assertThat(explained.get(1).get("matchedBy").get(0).get("direct").asBoolean()).isTrue();

        category("hammers", "garden", 0);
        assertThat(match(List.of("p-deep", "p-mid"), List.of("tools"))).isEmpty();
        assertThat(match(List.of("p-deep", "p-mid"), List.of("outlet"), "site", "outlet"))
                .containsExactly("p-deep", "p-mid");

        assertThat(api.post(segments + "/match", Map.of("items", List.of(), "segmentIds", List.of())).status())
                .isEqualTo(400);
        assertThat(api.post(segments + "/match", Map.of("items", "p1", "segmentIds", List.of(), "siteCode", "main"))
                .status()).isEqualTo(400);
        assertThat(api(tenant, READ).post(segments + "/match", Map.of("items", List.of(), "segmentIds", List.of(),
                "siteCode", "main")).status()).isEqualTo(403);
    }

    @Test
    void rejectsCategoryCyclesAndForgetsPlacementsOfDeletedCategories() {
        category("a", null, 0);
        category("b", "a", 0);
        category("c", "b", 0);
        Api.Response cycle = api.put(catalog + "/categories/a", Map.of("parentId", "c"));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().get("message").asText()).contains("own ancestor");
        assertThat(api.put(catalog + "/categories/a", Map.of("parentId", "a")).status()).isEqualTo(400);
        assertThat(api.put(catalog + "/categories/a", Map.of("position", "first")).status()).isEqualTo(400);
        assertThat(api.put(catalog + "/categories/a", Map.of("validity", Map.of("from", "soon"))).status())
                .isEqualTo(400);

        create("s", "ACTIVE", "main", null, null);
        api.put(segments + "/s/items/CATEGORY/c", Map.of());
        place("c", "p1");
        assertThat(match(List.of("p1"), List.of("s"))).containsExactly("p1");
        assertThat(api.delete(catalog + "/categories/c").status()).isEqualTo(204);
        category("c", "b", 0);
        assertThat(match(List.of("p1"), List.of("s"))).isEmpty();
    }

    @Test
    void showsCategoryTreesOfTheCustomersActiveSegments() {
        create("one", "ACTIVE", "main", null, null);
        create("two", "ACTIVE", "main", null, null);
        create("inactive", "INACTIVE", "main", null, null);
        create("notmine", "ACTIVE", "main", null, null);
        api.put(catalog + "/categories/root", Map.of("code", "ROOT", "name", Map.of("en", "Tools", "de", "Werkzeug"),
                "position", 0, "published", true, "ecn", List.of("E1")));
        category("hammers", "root", 2);
        category("saws", "root", 1);
        category("sledge", "hammers", 0);
        category("other", null, 5);
        for (String segment : List.of("one", "two", "inactive")) {
            api.put(segments + "/" + segment + "/customers/me", Map.of());
        }
        api.put(segments + "/one/items/CATEGORY/hammers", Map.of());
        api.put(segments + "/two/items/CATEGORY/hammers", Map.of());
        api.put(segments + "/two/items/CATEGORY/saws", Map.of());
        api.put(segments + "/inactive/items/CATEGORY/other", Map.of());
        api.put(segments + "/notmine/items/CATEGORY/other", Map.of());

        JsonNode trees = customer("me", List.of()).get(segments + "/items/category-trees?siteCode=main",
                "Accept-Language", "de").json();
        assertThat(trees).hasSize(1);
        JsonNode root = trees.get(0);
        assertThat(root.get("id").asText()).isEqualTo("root");
        assertThat(root.get("isSegmentAssigned").asBoolean()).isFalse();
        assertThat(root.get("name").toString()).isEqualTo("{\"de\":\"Werkzeug\"}");
        assertThat(root.get("ecn").get(0).asText()).isEqualTo("E1");
        assertThat(root.get("subcategories")).hasSize(2);
        assertThat(root.get("subcategories").get(0).get("id").asText()).isEqualTo("saws");
        JsonNode hammers = root.get("subcategories").get(1);
        assertThat(hammers.get("id").asText()).isEqualTo("hammers");
        assertThat(hammers.get("parentId").asText()).isEqualTo("root");
        assertThat(hammers.get("isSegmentAssigned").asBoolean()).isTrue();
        assertThat(hammers.get("subcategories").get(0).get("id").asText()).isEqualTo("sledge");
        assertThat(hammers.get("subcategories").get(0).get("isSegmentAssigned").asBoolean()).isTrue();

        assertThat(customer("me", List.of()).get(segments + "/items/category-trees?siteCode=outlet").json()).isEmpty();
        assertThat(customer("stranger", List.of()).get(segments + "/items/category-trees").json()).isEmpty();
        assertThat(api.get(segments + "/items/category-trees").status()).isEqualTo(403);
    }

    /** Matches on site "main" given as {@code siteCode}. */
    private List<String> match(List<String> products, List<String> segmentIds) {
        return match(products, segmentIds, "siteCode", "main");
    }

    private List<String> match(List<String> products, List<String> segmentIds, String siteField, String site) {
        Map<String, Object> body = new HashMap<>();
        body.put("items", products.stream().map(id -> Map.of("id", id)).toList());
        body.put("segmentIds", segmentIds);
        body.put(siteField, site);
        Api.Response response = api.post(segments + "/match", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }

    private void create(String id, String status, String site, Instant from, Instant to) {
        assertThat(api.post(segments, segment(id, status, site, from, to)).status()).isEqualTo(201);
    }

    private void category(String id, String parentId, int position) {
        Map<String, Object> body = new HashMap<>(Map.of("code", id.toUpperCase(), "name", Map.of("en", id),
                "position", position));
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        assertThat(api.put(catalog + "/categories/" + id, body).status()).isIn(201, 204);
    }

    private void place(String categoryId, String productId) {
        assertThat(api.put(catalog + "/categories/" + categoryId + "/products/" + productId, null).status())
                .isEqualTo(201);
    }

    private Api customer(String subject, List<String> legalEntityIds) {
        return new Api(port, Tokens.sign(Tokens.claims(tenant, READ_OWN).subject(subject)
                .claim("legalEntityIds", legalEntityIds).build(), JwtProperties.LOCAL_DEFAULT_SECRET));
    }



    private static List<String> itemIds(JsonNode array) {
        return Json.texts(array, "/item/id");
    }
}
