package dev.segments.query.reference.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReferenceMessageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VALID = """
            {"specversion":"1.0","id":"e1","source":"/catalog","type":"reference.product-placed",
             "time":"2026-01-01T10:00:00.123456Z","tenant":"acme","datacontenttype":"application/json",
             "data":{"categoryId":"tools","productId":"p1"}}""";

    @Test
    void readsTypeTenantTimeAndData() {
        ReferenceMessage message = parse(VALID);

        assertThat(message.type()).isEqualTo(ReferenceType.PRODUCT_PLACED);
        assertThat(message.tenant()).isEqualTo("acme");
        assertThat(message.time()).isEqualTo(Instant.parse("2026-01-01T10:00:00.123456Z"));
        assertThat(message.data().path("productId").asText()).isEqualTo("p1");
    }

    @Test
    void rejectsWhatCanNeverBeApplied() {
        assertPoison("", "empty message");
        assertPoison("{not json", "not JSON");
        assertPoison("{\"hello\":\"world\"}", "not a CloudEvent");
        assertPoison(VALID.replace("reference.product-placed", "reference.planet-placed"),
                "unknown type 'reference.planet-placed'");
        assertPoison(VALID.replace("\"tenant\":\"acme\",", ""), "no tenant");
        assertPoison(VALID.replace("\"tenant\":\"acme\"", "\"tenant\":\"ACME!\""), "tenant 'ACME!' is not");
        assertPoison(VALID.replace("\"time\":\"2026-01-01T10:00:00.123456Z\",", ""), "no time");
        assertPoison(VALID.replace("{\"categoryId\":\"tools\",\"productId\":\"p1\"}", "[1,2]"),
                "data must be a JSON object");
    }

    private static void assertPoison(String value, String reason) {
        assertThatThrownBy(() -> parse(value)).isInstanceOf(PoisonMessageException.class).hasMessageStartingWith(reason);
    }

    private static ReferenceMessage parse(String value) {
        return ReferenceMessage.parse(value.getBytes(StandardCharsets.UTF_8), MAPPER);
    }
}
