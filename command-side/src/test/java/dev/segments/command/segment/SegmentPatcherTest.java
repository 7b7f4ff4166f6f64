package dev.segments.command.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SegmentPatcher}: RFC 6902 add, remove and replace on the patchable part of the segment document —
 * object members, array positions, pointer escapes, limits on the patch, the paths that cannot be patched,
 * and all-or-nothing application that never touches the input details.
 */
class SegmentPatcherTest {

    private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");
    private static final Instant SEPTEMBER = Instant.parse("2024-09-01T00:00:00Z");

    private final SegmentPatcher patcher = new SegmentPatcher();

    @Test
    void addsMemberToObject() {
        SegmentDetails patched = patch(op("add", "/mixins/colour", "red"));

        assertThat(patched.mixins()).containsEntry("colour", "red").containsEntry("tags", List.of("vip", "new"));
    }

    @Test
    void addReplacesExistingMember() {
        SegmentDetails patched = patch(op("add", "/status", "INACTIVE"));

        assertThat(patched.status()).isEqualTo(SegmentStatus.INACTIVE);
    }

    @Test
    void addsObjectValue() {
        SegmentDetails patched = patch(op("add", "/mixins/address", Map.of("city", "Bern", "zip", 3000)));

        assertThat(patched.mixins()).containsEntry("address", Map.of("city", "Bern", "zip", 3000));
    }

    @Test
    void addsToArrayEndWithDash() {
        assertThat(patch(op("add", "/mixins/tags/-", "summer")).mixins())
                .containsEntry("tags", List.of("vip", "new", "summer"));
    }

    @Test
    void addsAtIndexShiftingLaterElements() {
        assertThat(patch(op("add", "/mixins/tags/0", "first")).mixins())
                .containsEntry("tags", List.of("first", "vip", "new"));
    }

    @Test
    void addsAtIndexEqualToArrayLength() {
        assertThat(patch(op("add", "/mixins/tags/2", "last")).mixins())
                .containsEntry("tags", List.of("vip", "new", "last"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "01", "-1", "first"})
    void rejectsAddAtIndexOutsideArray(String index) {
        assertInvalid(op("add", "/mixins/tags/" + index, "x"))
                .hasMessage("Patch operation 1 has an array index out of range in '/mixins/tags/" + index + "'.");
    }

    @Test
    void removesArrayElement() {
        assertThat(patch(op("remove", "/mixins/tags/0", null)).mixins()).containsEntry("tags", List.of("new"));
    }

    @Test
    void removesObjectMember() {
        assertThat(patch(op("remove", "/description", null)).description()).isNull();
    }

    @Test
    void replacesArrayElementInPlace() {
        assertThat(patch(op("replace", "/mixins/tags/1", "old")).mixins())
                .containsEntry("tags", List.of("vip", "old"));
    }

    @Test
    void replacesWholeLocalizedField() {
        assertThat(patch(op("replace", "/name", Map.of("fr", "Soldes"))).name()).isEqualTo(Map.of("fr", "Soldes"));
    }

    @Test
    void replacesValidityEndReadingItAsInstant() {
        assertThat(patch(op("replace", "/validity/to", "2024-10-01T02:00:00+02:00")).validity())
                .isEqualTo(new Validity(JUNE, Instant.parse("2024-10-01T00:00:00Z")));
    }

    @Test
    void replacesMetadataMixins() {
        assertThat(patch(op("replace", "/metadata/mixins/tagging", "https://schemas.example.com/v2")).metadataMixins())
                .isEqualTo(Map.of("tagging", "https://schemas.example.com/v2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/description/fr", "/mixins/colour", "/mixins/tags/2", "/mixins/tags/-"})
    void rejectsRemoveOfMissingPath(String path) {
        assertInvalid(op("remove", path, null)).hasMessage("Patch operation 1 path '" + path + "' does not exist.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/description/fr", "/mixins/colour", "/mixins/tags/2", "/mixins/tags/-"})
    void rejectsReplaceOfMissingPath(String path) {
        assertInvalid(op("replace", path, "x")).hasMessage("Patch operation 1 path '" + path + "' does not exist.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mixins/missing/key", "/mixins/tags/5/key", "/mixins/tags/0/key"})
    void rejectsAddBelowMissingOrScalarParent(String path) {
        assertInvalid(op("add", path, "x")).hasMessage("Patch operation 1 path '" + path + "' does not exist.");
    }

    @Test
    void unescapesSlashAndTildeInPointer() {
        SegmentDetails patched = patch(op("replace", "/mixins/a~1b", 2), op("remove", "/mixins/m~0n", null));

        assertThat(patched.mixins()).containsEntry("a/b", 2).doesNotContainKey("m~n");
    }

    @Test
    void decodesTildeZeroOneAsLiteralTildeOne() {
        SegmentDetails patched = patch(op("remove", "/mixins/~01", null));

        assertThat(patched.mixins()).doesNotContainKey("~1").containsKey("a/b");
    }

    @Test
    void addsFirstTranslationOfAbsentDescription() {
        SegmentDetails before = details();
        SegmentDetails withoutDescription = new SegmentDetails(before.name(), null, before.validity(), before.status(),
                before.siteCode(), before.mixins(), before.metadataMixins());

        SegmentDetails patched = patcher.apply(withoutDescription, List.of(op("add", "/description/de", "Sommer")));

        assertThat(patched.description()).isEqualTo(Map.of("de", "Sommer"));
    }

    @Test
    void appliesOperationsInOrder() {
        SegmentDetails patched = patch(op("add", "/mixins/colour", "red"), op("replace", "/mixins/colour", "blue"),
                op("add", "/name/de", "Sommerschlussverkauf"));

        assertThat(patched.mixins()).containsEntry("colour", "blue");
        assertThat(patched.name()).isEqualTo(Map.of("en", "Summer sale", "de", "Sommerschlussverkauf"));
    }

    @Test
    void keepsUntouchedFields() {
        SegmentDetails before = details();
        SegmentDetails patched = patch(op("replace", "/siteCode", "outlet"));

        assertThat(patched).isEqualTo(new SegmentDetails(before.name(), before.description(), before.validity(),
                before.status(), "outlet", before.mixins(), before.metadataMixins()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/id", "/metadata", "/metadata/version", "/metadata/createdAt", "/", "/unknown",
            "/Name"})
    void rejectsPathThatCannotBePatched(String path) {
        assertInvalid(op("replace", path, "x"))
                .hasMessageStartingWith("Patch operation 1 targets '" + path + "', which cannot be patched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "", "#/status"})
    void rejectsPathThatIsNotAPointer(String path) {
        assertInvalid(op("replace", path, "x"))
                .hasMessage("Patch operation 1 has path '" + path + "', which is not a JSON pointer.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"move", "copy", "test", "ADD", ""})
    void rejectsUnsupportedOperation(String name) {
        assertInvalid(op(name, "/status", "INACTIVE"))
                .hasMessage("Patch operation 1 has unsupported op '" + name + "'; use add, remove or replace.");
    }

    @Test
    void rejectsOperationWithoutOpOrPath() {
        assertInvalid(op(null, "/status", "INACTIVE")).hasMessage("Patch operation 1 needs 'op' and 'path'.");
        assertInvalid(op("replace", null, "INACTIVE")).hasMessage("Patch operation 1 needs 'op' and 'path'.");
        assertInvalid((PatchOperation) null).hasMessage("Patch operation 1 needs 'op' and 'path'.");
    }

    @Test
    void rejectsAddOrReplaceWithoutValue() {
        assertInvalid(op("add", "/mixins/colour", null)).hasMessage("Patch operation 1 needs a 'value'.");
        assertInvalid(op("replace", "/status", null)).hasMessage("Patch operation 1 needs a 'value'.");
    }

    @Test
    void namesTheFailingOperation() {
        assertInvalid(op("add", "/mixins/colour", "red"), op("replace", "/status", "ACTIVE"),
                op("remove", "/mixins/colour/x", null))
                .hasMessage("Patch operation 3 path '/mixins/colour/x' does not exist.");
    }

    @Test
    void rejectsResultThatIsNotAValidDocument() {
        assertInvalid(op("replace", "/status", "PAUSED")).hasMessage("Field 'status' must be one of ACTIVE, INACTIVE.");
        assertInvalid(op("replace", "/validity/from", "soon"))
                .hasMessageStartingWith("Field 'validity.from' must be an ISO-8601 date-time");
        assertInvalid(op("replace", "/name/en", 5)).hasMessage("Field 'name.en' must be a string.");
    }

    @Test
    void leavesBusinessRulesToTheValidator() {
        SegmentDetails patched = patch(op("remove", "/name", null), op("remove", "/siteCode", null));

        assertThat(patched.name()).isNull();
        assertThat(patched.siteCode()).isNull();
    }

    @Test
    void acceptsTwoHundredOperations() {
        SegmentDetails patched = patch(IntStream.range(0, 200)
                .mapToObj(i -> op("add", "/mixins/key" + i, i)).toArray(PatchOperation[]::new));

        assertThat(patched.mixins()).containsEntry("key199", 199);
    }

    @Test
    void rejectsMoreThanTwoHundredOperations() {
        assertInvalid(IntStream.range(0, 201).mapToObj(i -> op("add", "/mixins/key" + i, i))
                .toArray(PatchOperation[]::new))
                .hasMessage("The patch has more than 200 operations.");
    }

    @Test
    void rejectsEmptyPatch() {
        assertInvalid().hasMessage("The patch must be a non-empty array of operations.");
        assertThatThrownBy(() -> patcher.apply(details(), null))
                .hasMessage("The patch must be a non-empty array of operations.");
    }

    @Test
    void failedPatchLeavesInputUnchanged() {
        SegmentDetails input = mutableDetails();

        assertThatThrownBy(() -> patcher.apply(input, List.of(
                op("add", "/mixins/tags/-", "summer"),
                op("replace", "/name/en", "Changed"),
                op("remove", "/mixins/nested/inner", null),
                op("remove", "/metadata/mixins/tagging", null),
                op("remove", "/mixins/missing", null))))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("Patch operation 5 path '/mixins/missing' does not exist.");

        assertThat(input).isEqualTo(mutableDetails());
    }

    @Test
    void successfulPatchLeavesInputUnchanged() {
        SegmentDetails input = mutableDetails();

        SegmentDetails patched = patcher.apply(input, List.of(op("add", "/mixins/tags/-", "summer"),
                op("remove", "/mixins/nested/inner", null), op("add", "/name/de", "Sommer")));

        assertThat(patched).isNotEqualTo(input);
        assertThat(input).isEqualTo(mutableDetails());
    }

    private SegmentDetails patch(PatchOperation... operations) {
        return patcher.apply(details(), Arrays.asList(operations));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(PatchOperation... operations) {
        return assertThatThrownBy(() -> patch(operations))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    private static PatchOperation op(String op, String path, Object value) {
        return new PatchOperation(op, path, value);
    }

    @Test
    void addsMetadataMixinsToASegmentThatHasNone() {
        SegmentDetails details = new SegmentDetails(Map.of("en", "Summer sale"), null, null, SegmentStatus.ACTIVE,
                "main-site", null, null);
        SegmentDetails patched = patcher.apply(details, List.of(new PatchOperation("add", "/metadata/mixins",
                Map.of("tagging", "https://schemas.example.com/tagging"))));
        assertThat(patched.metadataMixins()).isEqualTo(Map.of("tagging", "https://schemas.example.com/tagging"));
    }

    private static SegmentDetails details() {
        Map<String, Object> mixins = new LinkedHashMap<>();
        mixins.put("tags", List.of("vip", "new"));
        mixins.put("a/b", 1);
        mixins.put("m~n", "tilde");
        mixins.put("~1", "literal");
        return new SegmentDetails(Map.of("en", "Summer sale"), Map.of("en", "Customers buying in summer"),
                new Validity(JUNE, SEPTEMBER), SegmentStatus.ACTIVE, "main-site", mixins,
                Map.of("tagging", "https://schemas.example.com/tagging"));
    }

    /** Details built from mutable collections only, so an accidental in-place change would show. */
    private static SegmentDetails mutableDetails() {
        Map<String, String> name = new LinkedHashMap<>(Map.of("en", "Summer sale"));
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("k", "v"));
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("inner", inner));
        Map<String, Object> mixins = new LinkedHashMap<>();
        mixins.put("tags", new ArrayList<>(List.of("vip", "new")));
        mixins.put("nested", nested);
        Map<String, Object> metadataMixins = new LinkedHashMap<>(Map.of("tagging", "https://schemas.example.com/t"));
        return new SegmentDetails(name, null, null, SegmentStatus.ACTIVE, "main-site", mixins, metadataMixins);
    }
}
