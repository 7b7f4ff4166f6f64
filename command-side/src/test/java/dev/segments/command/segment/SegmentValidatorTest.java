package dev.segments.command.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SegmentValidator}: the invariants every create, upsert and patch must satisfy — required name,
 * language codes, text and translation limits, site code, status, validity order and mixins size and depth.
 */
class SegmentValidatorTest {

    private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");
    private static final Instant SEPTEMBER = Instant.parse("2024-09-01T00:00:00Z");

    @Test
    void acceptsCompleteDetails() {
        assertThatCode(() -> SegmentValidator.validate(valid().build())).doesNotThrowAnyException();
    }

    @Test
    void acceptsMinimalDetails() {
        SegmentDetails minimal = new SegmentDetails(Map.of("en", "Summer sale"), null, null, SegmentStatus.INACTIVE,
                "main", null, null);
        assertThatCode(() -> SegmentValidator.validate(minimal)).doesNotThrowAnyException();
    }

    @Test
    void rejectsMissingName() {
        assertInvalid(valid().name(null))
                .hasMessage("Field 'name' is required and needs at least one translation.");
    }

    @Test
    void rejectsNameWithoutTranslations() {
        assertInvalid(valid().name(Map.of()))
                .hasMessage("Field 'name' is required and needs at least one translation.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e", "englishlanguage", "en_GB", "1a", "en-", ""})
    void rejectsBadLanguageCode(String language) {
        assertInvalid(valid().name(Map.of(language, "Summer sale")))
                .hasMessage("Field 'name' has an invalid language code '" + language + "'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de-CH", "zh-Hant-TW", "es-419"})
    void acceptsWellFormedLanguageTags(String language) {
        assertThatCode(() -> SegmentValidator.validate(valid().name(Map.of(language, "x")).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsNullLanguageCode() {
        Map<String, String> name = new HashMap<>();
        name.put(null, "Summer sale");
        assertInvalid(valid().name(name)).hasMessage("Field 'name' has an invalid language code 'null'.");
    }

    @Test
    void abbreviatesLongInvalidLanguageCodeInMessage() {
        assertInvalid(valid().description(Map.of("x".repeat(30), "text")))
                .hasMessage("Field 'description' has an invalid language code '" + "x".repeat(20) + "...'.");
    }

    @Test
    void rejectsNullTranslation() {
        Map<String, String> name = new HashMap<>();
        name.put("en", null);
        assertInvalid(valid().name(name)).hasMessage("Field 'name.en' must be text.");
    }

    @Test
    void acceptsNameOfMaximumLength() {
        assertThatCode(() -> SegmentValidator.validate(valid().name(Map.of("en", "n".repeat(1_000))).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsTooLongName() {
        assertInvalid(valid().name(Map.of("en", "n".repeat(1_001))))
                .hasMessage("Field 'name.en' is longer than 1000 characters.");
    }

    @Test
    void acceptsDescriptionOfMaximumLength() {
        assertThatCode(() -> SegmentValidator.validate(
                valid().description(Map.of("en", "d".repeat(10_000))).build())).doesNotThrowAnyException();
    }

    @Test
    void rejectsTooLongDescription() {
        assertInvalid(valid().description(Map.of("de", "d".repeat(10_001))))
                .hasMessage("Field 'description.de' is longer than 10000 characters.");
    }

    @Test
    void acceptsHundredTranslations() {
        assertThatCode(() -> SegmentValidator.validate(valid().name(translations(100)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsTooManyNameTranslations() {
        assertInvalid(valid().name(translations(101))).hasMessage("Field 'name' has more than 100 translations.");
    }

    @Test
    void rejectsTooManyDescriptionTranslations() {
        assertInvalid(valid().description(translations(101)))
                .hasMessage("Field 'description' has more than 100 translations.");
    }

    @Test
    void rejectsMissingSiteCode() {
        assertInvalid(valid().siteCode(null)).hasMessage("Field 'siteCode' is required.");
    }

    @Test
    void rejectsBlankSiteCode() {
        assertInvalid(valid().siteCode("   ")).hasMessage("Field 'siteCode' is required.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main site", "shop/de", "ümlaut", "main\n"})
    void rejectsSiteCodeWithForbiddenCharacters(String siteCode) {
        assertInvalid(valid().siteCode(siteCode)).hasMessageStartingWith("Field 'siteCode' must be 1-64 characters");
    }

    @Test
    void rejectsTooLongSiteCode() {
        assertInvalid(valid().siteCode("s".repeat(65))).hasMessageStartingWith("Field 'siteCode' must be 1-64");
    }

    @Test
    void acceptsSiteCodeOfAllAllowedCharacters() {
        assertThatCode(() -> SegmentValidator.validate(valid().siteCode("Az09._~-" + "s".repeat(56)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsMissingStatus() {
        assertInvalid(valid().status(null)).hasMessage("Field 'status' must be one of ACTIVE, INACTIVE.");
    }

    @Test
    void rejectsValidityStartingAfterItsEnd() {
        assertInvalid(valid().validity(new Validity(SEPTEMBER, JUNE)))
                .hasMessage("Field 'validity.from' must not be after 'validity.to'.");
    }

    @Test
    void acceptsValidityStartingWhenItEnds() {
        assertThatCode(() -> SegmentValidator.validate(valid().validity(new Validity(JUNE, JUNE)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsOpenEndedValidity() {
        assertThatCode(() -> {
            SegmentValidator.validate(valid().validity(new Validity(null, JUNE)).build());
            SegmentValidator.validate(valid().validity(new Validity(JUNE, null)).build());
        }).doesNotThrowAnyException();
    }

    @Test
    void rejectsTooLargeMixins() {
        assertInvalid(valid().mixins(Map.of("blob", "x".repeat(64 * 1024))))
                .hasMessage("Field 'mixins' is larger than 64 KB (65536 bytes of JSON).");
    }

    @Test
    void rejectsTooLargeMetadataMixins() {
        assertInvalid(valid().metadataMixins(Map.of("blob", List.of("x".repeat(40_000), "y".repeat(40_000)))))
                .hasMessage("Field 'metadata.mixins' is larger than 64 KB (65536 bytes of JSON).");
    }

    @Test
    void measuresMixinsAsTheirExactJsonSize() {
        // {"blob":"xx...x"} is 11 bytes of JSON around the text: exactly 65,536 bytes fit, one more does not
        assertThatCode(() -> SegmentValidator.validate(valid().mixins(Map.of("blob", "x".repeat(65_536 - 11)))
                .build())).doesNotThrowAnyException();
        assertInvalid(valid().mixins(Map.of("blob", "x".repeat(65_536 - 10))))
                .hasMessage("Field 'mixins' is larger than 64 KB (65536 bytes of JSON).");
        // multi-byte characters count as their UTF-8 bytes
        assertInvalid(valid().mixins(Map.of("blob", "\u00e9".repeat(33_000))))
                .hasMessageContaining("larger than 64 KB");
    }

    @Test
    void rejectsWhatTheStoresCannotHold() {
        assertInvalid(valid().name(Map.of("en", "a\u0000b"))).hasMessageContaining("Field 'name.en' contains a NUL");
        assertInvalid(valid().description(Map.of("en", "bad \ud800 half"))).hasMessageContaining("unpaired");
        assertInvalid(valid().mixins(Map.of("ke\u0000y", 1))).hasMessage("Field 'mixins' has a key that contains a NUL character, which cannot be stored.");
        assertInvalid(valid().mixins(Map.of("list", List.of("ok", Map.of("deep", "x\u0000")))))
                .hasMessageContaining("Field 'mixins' contains a NUL character at 'list[1].deep'");
        assertInvalid(valid().mixins(Map.of("n", new java.math.BigDecimal("1e5000"))))
                .hasMessageContaining("decimal exponent");
        assertInvalid(valid().metadataMixins(Map.of("n", Double.POSITIVE_INFINITY))).hasMessageContaining("finite");
        assertInvalid(valid().validity(new Validity(Instant.parse("+999999-01-01T00:00:00Z"), null)))
                .hasMessageContaining("Field 'validity.from' must lie between");
        assertInvalid(valid().validity(new Validity(null, Instant.parse("2024-01-01T00:00:00.000000001Z"))))
                .hasMessageContaining("microsecond");
        assertThatCode(() -> SegmentValidator.validate(valid().mixins(Map.of("n",
                new java.math.BigDecimal("123456789012345678901234567890.123456789"), "emoji", "\ud83d\ude00"))
                .validity(new Validity(Instant.parse("0001-01-01T00:00:00Z"),
                        Instant.parse("9999-12-31T23:59:59.999999Z"))).build())).doesNotThrowAnyException();
    }

    @Test
    void acceptsLargeButNotTooLargeMixins() {
        assertThatCode(() -> SegmentValidator.validate(valid().mixins(Map.of("blob", "x".repeat(60_000))).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsTooDeeplyNestedMixins() {
        assertInvalid(valid().mixins(nestedMaps(20))).hasMessage("Field 'mixins' is nested deeper than 16 levels.");
    }

    @Test
    void rejectsTooDeeplyNestedListsInMetadataMixins() {
        Object nested = "leaf";
        for (int i = 0; i < 20; i++) {
            nested = List.of(nested);
        }
        assertInvalid(valid().metadataMixins(Map.of("deep", nested)))
                .hasMessage("Field 'metadata.mixins' is nested deeper than 16 levels.");
    }

    @Test
    void acceptsMixinsOfSixteenNestedObjectsHoldingAValue() {
        Map<String, Object> nested = Map.of("leaf", "value");
        for (int level = 15; level >= 1; level--) {
            nested = Map.of("level" + level, nested);
        }
        Details sixteenLevels = valid().mixins(nested);
        assertThatCode(() -> SegmentValidator.validate(sixteenLevels.build())).doesNotThrowAnyException();
    }

    @Test
    void acceptsModeratelyNestedMixins() {
        assertThatCode(() -> SegmentValidator.validate(valid().mixins(nestedMaps(10)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsNullValuesInMixins() {
        Map<String, Object> mixins = new HashMap<>();
        mixins.put("nothing", null);
        assertThatCode(() -> SegmentValidator.validate(valid().mixins(mixins).build())).doesNotThrowAnyException();
    }

    @Test
    void reportsAllProblemsAtOnce() {
        assertInvalid(valid().name(null).siteCode(null).status(null))
                .hasMessage("Field 'name' is required and needs at least one translation. "
                        + "Field 'siteCode' is required. Field 'status' must be one of ACTIVE, INACTIVE.");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(Details details) {
        return assertThatThrownBy(() -> SegmentValidator.validate(details.build()))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    private static Map<String, String> translations(int count) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            texts.put("en-x" + i, "text " + i);
        }
        return texts;
    }

    /** {@code levels} objects nested in one another, the innermost holding a string. */
    private static Map<String, Object> nestedMaps(int levels) {
        Map<String, Object> nested = Map.of("leaf", "value");
        for (int i = 1; i < levels; i++) {
            nested = Map.of("level" + i, nested);
        }
        return nested;
    }

    private static Details valid() {
        return new Details();
    }

    /** A valid segment's details, changed one field at a time. */
    private static final class Details {
        private Map<String, String> name = Map.of("en", "Summer sale", "de", "Sommerschlussverkauf");
        private Map<String, String> description = Map.of("en", "Customers buying in summer");
        private Validity validity = new Validity(JUNE, SEPTEMBER);
        private SegmentStatus status = SegmentStatus.ACTIVE;
        private String siteCode = "main-site";
        private Map<String, Object> mixins = Map.of("tags", List.of("vip"), "score", 3);
        private Map<String, Object> metadataMixins = Map.of("tagging", "https://schemas.example.com/tagging");

        Details name(Map<String, String> value) {
            name = value;
            return this;
        }

        Details description(Map<String, String> value) {
            description = value;
            return this;
        }

        Details validity(Validity value) {
            validity = value;
            return this;
        }

        Details status(SegmentStatus value) {
            status = value;
            return this;
        }

        Details siteCode(String value) {
            siteCode = value;
            return this;
        }

        Details mixins(Map<String, Object> value) {
            mixins = value;
            return this;
        }

        Details metadataMixins(Map<String, Object> value) {
            metadataMixins = value;
            return this;
        }

        SegmentDetails build() {
            return new SegmentDetails(name, description, validity, status, siteCode, mixins, metadataMixins);
        }
    }
}
