package dev.segments.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.audit.HistoryChange;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The changed fields an update's history entry lists: per key of nested mixins and localized maps. */
class AuditChangesTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aChangedTranslationIsOneEntryAndTheOtherTranslationsAreNotListed() {
        JsonNode before = AuditChanges.segment(details(Map.of("en", "Gold", "de", "Gold"), Map.of()));
        JsonNode after = AuditChanges.segment(details(Map.of("en", "Gold", "de", "Golden", "fr", "Or"), Map.of()));

        assertThat(strings(AuditChanges.between(before, after)))
                .containsExactlyInAnyOrder("/name/de Gold -> Golden", "/name/fr null -> Or");
    }

    @Test
    void nestedMixinsAreComparedKeyByKeyDownToTheChangedLeaf() {
        Map<String, Object> loyalty = new LinkedHashMap<>(Map.of("level", 3, "since", "2020"));
        Map<String, Object> raised = new LinkedHashMap<>(Map.of("level", 4, "since", "2020"));
        JsonNode before = AuditChanges.segment(details(Map.of("en", "Gold"), Map.of("loyalty", loyalty,
                "tags", List.of("a"))));
        JsonNode after = AuditChanges.segment(details(Map.of("en", "Gold"), Map.of("loyalty", raised,
                "tags", List.of("a", "b"), "new", Map.of("deep", Map.of("x", true)))));

        assertThat(strings(AuditChanges.between(before, after))).containsExactlyInAnyOrder(
                "/mixins/loyalty/level 3 -> 4", "/mixins/tags [\"a\"] -> [\"a\",\"b\"]",
                "/mixins/new/deep/x null -> true");
    }

    @Test
    void removedFieldsAndStatusAndValidityChangesAreListed() {
        SegmentDetails before = new SegmentDetails(Map.of("en", "Gold"), Map.of("en", "Best"),
                new Validity(FROM, null), SegmentStatus.ACTIVE, "main", Map.of("a", 1), Map.of("m", "x"));
        SegmentDetails after = new SegmentDetails(Map.of("en", "Gold"), null, new Validity(FROM,
                FROM.plusSeconds(60)), SegmentStatus.INACTIVE, "main", null, Map.of("m", "y"));

        assertThat(strings(AuditChanges.between(AuditChanges.segment(before), AuditChanges.segment(after))))
                .containsExactlyInAnyOrder("/description/en Best -> null",
                        "/validity/to null -> 2026-01-01T00:01:00Z", "/status ACTIVE -> INACTIVE",
                        "/mixins/a 1 -> null", "/metadata/mixins/m x -> y");
    }

    @Test
    void numbersOfDifferentJavaTypesButEqualValueAreNoChange() {
        JsonNode before = AuditChanges.assignment(Map.of("n", 3, "d", new BigDecimal("1.5")), null);
        JsonNode after = AuditChanges.assignment(Map.of("n", 3L, "d", 1.5d), null);

        assertThat(AuditChanges.between(before, after)).isEmpty();
    }

    @Test
    void keysWithSlashesAndTildesAreEscapedInThePointer() {
        JsonNode after = AuditChanges.assignment(Map.of("a/b", Map.of("c~d", 1)), null);

        assertThat(strings(AuditChanges.between(null, after))).containsExactly("/mixins/a~1b/c~0d null -> 1");
    }

    private static SegmentDetails details(Map<String, String> name, Map<String, Object> mixins) {
        return new SegmentDetails(name, null, null, SegmentStatus.ACTIVE, "main", mixins, null);
    }

    private static List<String> strings(List<HistoryChange> changes) {
        return changes.stream().map(change -> change.path() + " " + text(change.before()) + " -> "
                + text(change.after())).toList();
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        JsonNode node = (JsonNode) value;
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
