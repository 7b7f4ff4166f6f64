package dev.segments.query.search;

import dev.segments.query.segment.SegmentSearch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every way {@code q} can be refused, and the message that names the problem and its position. */
class QueryErrorTest {

    private static InvalidSearchException error(String q) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> SegmentSearch.SCHEMA.compile(q, null));
        assertThat(thrown).isInstanceOf(InvalidSearchException.class);
        return (InvalidSearchException) thrown;
    }

    private static void rejects(String q, String message) {
        assertThat(error(q).getMessage()).isEqualTo(message);
    }

    @Test
    void rejectsUnknownField() {
        InvalidSearchException error = error("nme:Gold");
        assertThat(error.getMessage()).isEqualTo("Unknown field 'nme' at position 1 of q");
        assertThat(error.parameter()).isEqualTo("q");
        assertThat(error.position()).isEqualTo(1);
        rejects("status:ACTIVE metadata.foo:1", "Unknown field 'metadata.foo' at position 15 of q");
        rejects("metadata.version.x:1", "Unknown field 'metadata.version.x' at position 1 of q");
        rejects("name.en.x:1", "Unknown field 'name.en.x' at position 1 of q");
    }

    @Test
    void rejectsInvalidLanguage() {
        rejects("name.e:Gold", "Invalid language 'e' in field 'name.e' at position 1 of q");
    }

    @Test
    void rejectsUnbalancedParentheses() {
        rejects("status:(ACTIVE,X", "Expected ')' at position 17 of q");
        rejects("status:(ACTIVE X)", "Expected ',' or ')' but found 'X' at position 16 of q");
        rejects("status:ACTIVE)", "Unexpected ')' at position 14 of q");
        rejects("metadata.version:(>=1 AND <3", "Expected ')' at position 29 of q");
        rejects("metadata.version:(>=1 OR <3)", "Expected 'AND' or ')' but found 'O' at position 23 of q");
    }

    @Test
    void rejectsUnterminatedQuote() {
        rejects("status:ACTIVE siteCode:\"main", "Unterminated quoted value at position 24 of q");
        rejects("siteCode:\"a\\\"", "Unterminated quoted value at position 10 of q");
    }

    @Test
    void rejectsMissingColonOrValue() {
        rejects("status ACTIVE", "Expected ':' after field 'status' but found whitespace at position 7 of q");
        rejects("status", "Expected ':' after field 'status' but the input ended at position 7 of q");
        rejects("status: ACTIVE", "Missing value for field 'status' at position 8 of q");
        rejects("status:", "Missing value for field 'status' at position 8 of q");
        rejects(":ACTIVE", "Expected a field name but found ':' at position 1 of q");
        rejects("name.:x", "Expected a field name after '.' but found ':' at position 6 of q");
        rejects("status:,", "Expected a value for field 'status' but found ',' at position 8 of q");
        rejects("metadata.version:> 3", "Expected a value after '>' but found whitespace at position 19 of q");
    }

    @Test
    void rejectsJunkAfterAValue() {
        rejects("status:\"A\"B", "Unexpected 'B' at position 11 of q");
        rejects("status:A,B", "Unexpected ',' at position 9 of q");
    }

    @Test
    void rejectsEmptyAndMixedLists() {
        rejects("id:()", "Empty value list at position 5 of q");
        rejects("id:(a,>3)", "Comparisons cannot be mixed with a list of values at position 7 of q");
        rejects("id:(a,null)", "'null' cannot be used inside a list of values at position 7 of q");
        rejects("id:(a,)", "Expected a value for field 'id' but found ')' at position 7 of q");
    }

    @Test
    void rejectsValuesThatDoNotFitTheFieldType() {
        rejects("metadata.version:abc", "Value 'abc' for numeric field 'metadata.version' is not a number at position 18 of q");
        rejects("metadata.version:(1,1e5)", "Value '1e5' for numeric field 'metadata.version' is not a number at position 21 of q");
        rejects("metadata.createdAt:>\"yesterday\"", "Value 'yesterday' for date field 'metadata.createdAt' is not an"
                + " ISO-8601 instant or date between years 1 and 9999 at position 21 of q");
        rejects("metadata.createdAt:\"+12345-01-01T00:00:00Z\"", "Value '+12345-01-01T00:00:00Z' for date field"
                + " 'metadata.createdAt' is not an ISO-8601 instant or date between years 1 and 9999 at position 20 of q");
        SearchSchema flags = SearchSchema.builder().bool("archived", "a.archived").tieBreaker("a.id").build();
        assertThatThrownBy(() -> flags.compile("archived:yes", null))
                .hasMessage("Value 'yes' for boolean field 'archived' must be true or false at position 10 of q");
    }

    @Test
    void rejectsComparisonsOnTextLikeFields() {
        rejects("status:>A", "Comparison '>' is not supported on text field 'status' at position 8 of q");
        rejects("name.en:(>=A AND <B)", "Comparison '>=' is not supported on localized field 'name.en' at position 10 of q");
        rejects("mixins.level:>gold", "Value 'gold' for a comparison on 'mixins.level' must be a number or an ISO-8601 date"
                + " at position 15 of q");
    }

    @Test
    void rejectsRegexOnNonTextFields() {
        rejects("metadata.version:~1", "Regular expressions are not supported on numeric field 'metadata.version' at position 18 of q");
        rejects("validity.from:~2024", "Regular expressions are not supported on date field 'validity.from' at position 15 of q");
    }

    @Test
    void rejectsJsonRootWithoutPath() {
        rejects("mixins:gold", "Field 'mixins' needs a nested path such as 'mixins.someKey' at position 1 of q");
    }

    @Test
    void rejectsInvalidRegularExpressions() {
        rejects("id:~(ab", "Invalid regular expression at position 4 of q: unclosed '(' at character 1 of the pattern");
        rejects("siteCode:~a**", "Invalid regular expression at position 10 of q: quantifier follows another quantifier"
                + " at character 3 of the pattern");
        rejects("id:~()", "Invalid regular expression at position 4 of q: empty pattern");
        assertThat(error("id:~a\\b").getMessage()).startsWith("Invalid regular expression at position 4 of q: unsupported escape");
        assertThat(error("id:~" + "a".repeat(257)).getMessage())
                .isEqualTo("Invalid regular expression at position 4 of q: longer than 256 characters");
        assertThat(error("id:~").getMessage()).isEqualTo("Expected a regular expression after '~' at position 5 of q");
    }

    @Test
    void rejectsControlCharacters() {
        rejects("status:A\u0000B", "Invalid character U+0000 at position 9 of q");
    }

    @Test
    void boundsTheInput() {
        assertThat(error("id:" + "a".repeat(4094)).getMessage()).isEqualTo("q must be at most 4096 characters long");
        assertThat(error("id:" + "a".repeat(4094)).position()).isZero();
        assertThat(SegmentSearch.SCHEMA.compile("id:" + "a".repeat(4093), null).where()).isEqualTo("s.id = ?");
        String fifty = "id:a ".repeat(50);
        assertThat(SegmentSearch.SCHEMA.compile(fifty, null).whereParameters()).hasSize(50);
        rejects(fifty + "id:b", "Too many conditions (at most 50) at position 251 of q");
        String values = "a,".repeat(200);
        assertThat(SegmentSearch.SCHEMA.compile("id:(" + values.substring(0, values.length() - 1) + ")", null)
                .whereParameters()).hasSize(200);
        rejects("id:(" + values + "b)", "Too many values in a list (at most 200) at position 405 of q");
    }

    @Test
    void boundsTheNumberOfRegularExpressions() {
        String ten = "id:~a ".repeat(10);
        assertThat(SegmentSearch.SCHEMA.compile(ten, null).whereParameters()).hasSize(10);
        rejects(ten + "status:~b", "Too many regular expressions (at most 10) at position 68 of q");
    }

    @Test
    void longUserTextIsCutShortInMessages() {
        assertThat(error("metadata.version:" + "x".repeat(100)).getMessage())
                .isEqualTo("Value '" + "x".repeat(40) + "...' for numeric field 'metadata.version' is not a number at position 18 of q");
    }

    @Test
    void syntaxErrorsComeBeforeUnknownFields() {
        rejects("nme:x status:(", "Expected a value for field 'status' but the input ended at position 15 of q");
    }
}
