package dev.segments.command.segment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.command.StrictJson;
import dev.segments.command.web.Violations;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.Validity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SegmentRequest} as the API reads it ({@link StrictJson}, Bean Validation): a segment's details, id and
 * expected version from request JSON, with a rejection naming the exact offending field for every wrong type, bad
 * date or unknown status.
 */
class SegmentRequestTest {

    private static final ObjectMapper JSON = StrictJson.mapper();
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void readsCompleteDetails() {
        SegmentDetails details = readDetails(json("""
                {"id": "summer-sale",
                 "name": {"en": "Summer sale", "de": "Sommerschlussverkauf"},
                 "description": {"en": "Customers buying in summer"},
                 "validity": {"from": "2024-06-01T00:00:00Z", "to": "2024-09-01T02:00:00+02:00"},
                 "status": "ACTIVE",
                 "siteCode": "main-site",
                 "mixins": {"tags": ["vip", "new"], "score": 3, "flags": {"b2b": true}},
                 "metadata": {"version": 4, "mixins": {"tagging": "https://schemas.example.com/tagging"}}}
                """), null);

        assertThat(details).isEqualTo(new SegmentDetails(
                Map.of("en", "Summer sale", "de", "Sommerschlussverkauf"),
                Map.of("en", "Customers buying in summer"),
                new Validity(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-09-01T00:00:00Z")),
                SegmentStatus.ACTIVE, "main-site",
                Map.of("tags", List.of("vip", "new"), "score", 3, "flags", Map.of("b2b", true)),
                Map.of("tagging", "https://schemas.example.com/tagging")));
    }

    @Test
    void readsPlainTextNameAndDescriptionInContentLanguage() {
        SegmentDetails details = readDetails(
                json("{\"name\": \"Sommerschlussverkauf\", \"description\": \"Im Sommer\", \"siteCode\": \"s\"}"),
                "de-CH");

        assertThat(details.name()).containsExactly(Map.entry("de-CH", "Sommerschlussverkauf"));
        assertThat(details.description()).containsExactly(Map.entry("de-CH", "Im Sommer"));
    }

    @Test
    void readsTranslationObjectRegardlessOfContentLanguage() {
        SegmentDetails details = readDetails(json("{\"name\": {\"en\": \"Sale\"}}"), "de");

        assertThat(details.name()).containsExactly(Map.entry("en", "Sale"));
    }

    @Test
    void rejectsPlainTextNameWithoutContentLanguage() {
        assertInvalid(() -> readDetails(json("{\"name\": \"Summer sale\"}"), null))
                .hasMessage("Field 'name' must be an object of language to text, or send its language in "
                        + "Content-Language.");
    }

    @Test
    void rejectsPlainTextDescriptionWithoutContentLanguage() {
        assertInvalid(() -> readDetails(json("{\"description\": \"text\"}"), null))
                .hasMessageStartingWith("Field 'description' must be an object of language to text, or send");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"name\": 5}                               | Field 'name' must be an object of language to text.",
            "{\"name\": [\"Sale\"]}                      | Field 'name' must be an object of language to text.",
            "{\"name\": {\"en\": 5}}                     | Field 'name.en' must be a string.",
            "{\"name\": {\"en\": null}}                  | Field 'name.en' must be a string.",
            "{\"description\": true}                     | Field 'description' must be an object of language to text.",
            "{\"description\": {\"fr\": {}}}             | Field 'description.fr' must be a string.",
            "{\"siteCode\": 42}                          | Field 'siteCode' must be a string.",
            "{\"siteCode\": {\"code\": \"main\"}}        | Field 'siteCode' must be a string.",
            "{\"status\": 1}                             | Field 'status' must be one of ACTIVE, INACTIVE.",
            "{\"validity\": \"2024-06-01T00:00:00Z\"}    | Field 'validity' must be an object.",
            "{\"mixins\": [1, 2]}                        | Field 'mixins' must be an object.",
            "{\"mixins\": \"tags\"}                      | Field 'mixins' must be an object.",
            "{\"metadata\": \"v1\"}                      | Field 'metadata' must be an object.",
            "{\"metadata\": {\"mixins\": [\"tagging\"]}} | Field 'metadata.mixins' must be an object.",
    })
    void rejectsWrongTypeNamingTheField(String body, String message) {
        assertInvalid(() -> readDetails(json(body), "en")).hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2024-06-01\"", "\"2024-06-01T00:00:00\"", "\"2024-13-01T00:00:00Z\"",
            "\"tomorrow\"", "1717200000000", "{}"})
    void rejectsBadValidityStart(String from) {
        assertInvalid(() -> readDetails(json("{\"validity\": {\"from\": " + from + "}}"), null))
                .hasMessage("Field 'validity.from' must be an ISO-8601 date-time with offset, "
                        + "e.g. 2024-04-17T08:00:00.000Z.");
    }

    @Test
    void rejectsBadValidityEnd() {
        assertInvalid(() -> readDetails(
                json("{\"validity\": {\"from\": \"2024-06-01T00:00:00Z\", \"to\": \"2024-09-31T00:00:00Z\"}}"), null))
                .hasMessageStartingWith("Field 'validity.to' must be an ISO-8601 date-time with offset");
    }

    @Test
    void keepsDateTimesToTheMicrosecondAsTheStoresDo() {
        SegmentDetails details = readDetails(
                json("{\"validity\": {\"from\": \"2024-06-01T00:00:00.123456789Z\"}}"), null);

        assertThat(details.validity().from()).isEqualTo(Instant.parse("2024-06-01T00:00:00.123456Z"));
    }

    @Test
    void readsHalfOpenValidity() {
        SegmentDetails details = readDetails(
                json("{\"validity\": {\"from\": \"2024-06-01T00:00:00.000Z\", \"to\": null}}"), null);

        assertThat(details.validity()).isEqualTo(new Validity(Instant.parse("2024-06-01T00:00:00Z"), null));
    }

    @Test
    void readsValidityWithoutEndsAsNoValidity() {
        assertThat(readDetails(json("{\"validity\": {}}"), null).validity()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"PAUSED\"", "\"active\"", "\"\"", "[\"ACTIVE\"]"})
    void rejectsUnknownStatus(String status) {
        assertInvalid(() -> readDetails(json("{\"status\": " + status + "}"), null))
                .hasMessage("Field 'status' must be one of ACTIVE, INACTIVE.");
    }

    @Test
    void defaultsStatusToInactiveWhenAbsent() {
        assertThat(readDetails(json("{\"name\": {\"en\": \"Sale\"}}"), null).status())
                .isEqualTo(SegmentStatus.INACTIVE);
    }

    @Test
    void defaultsStatusToInactiveWhenNull() {
        assertThat(readDetails(json("{\"status\": null}"), null).status())
                .isEqualTo(SegmentStatus.INACTIVE);
    }

    @Test
    void readsNullFieldsAsAbsent() {
        SegmentDetails details = readDetails(json("""
                {"name": null, "description": null, "validity": null, "siteCode": null,
                 "mixins": null, "metadata": null}
                """), null);

        assertThat(details).isEqualTo(new SegmentDetails(null, null, null, SegmentStatus.INACTIVE, null, null,
                null));
    }

    @Test
    void readsExpectedVersion() {
        assertThat(readExpectedVersion(json("{\"metadata\": {\"version\": 7}}"))).isEqualTo(7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"metadata\": null}", "{\"metadata\": {}}", "{\"metadata\": {\"version\": null}}"})
    void readsNoExpectedVersionWhenAbsent(String body) {
        assertThat(readExpectedVersion(json(body))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "2.0", "\"3\"", "true", "99999999999999999999", "{}"})
    void rejectsExpectedVersionThatIsNotAPositiveInteger(String version) {
        assertInvalid(() -> readExpectedVersion(json("{\"metadata\": {\"version\": " + version + "}}")))
                .hasMessage("Field 'metadata.version' must be a positive integer.");
    }

    @Test
    void readsId() {
        assertThat(readId(json("{\"id\": \"summer-sale\"}"))).isEqualTo("summer-sale");
    }

    @Test
    void readsNoIdWhenAbsent() {
        assertThat(readId(json("{\"name\": {\"en\": \"Sale\"}}"))).isNull();
    }

    @Test
    void rejectsIdThatIsNotText() {
        assertInvalid(() -> readId(json("{\"id\": 17}"))).hasMessage("Field 'id' must be a string.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"segment\"", "42", "null"})
    void rejectsBodyThatIsNotAnObject(String body) {
        String message = "The request body must be a JSON object.";
        assertInvalid(() -> readDetails(json(body), "en")).hasMessage(message);
        assertInvalid(() -> readId(json(body))).hasMessage(message);
        assertInvalid(() -> readExpectedVersion(json(body))).hasMessage(message);
    }

    @Test
    void rejectsMissingBody() {
        assertInvalid(() -> readDetails(null, null)).hasMessage("The request body must be a JSON object.");
    }

    /** Reads a body as the web layer does: into the request record, checked by Bean Validation. */
    private static SegmentRequest read(JsonNode body) {
        SegmentRequest request;
        try {
            request = body == null ? null : JSON.treeToValue(body, SegmentRequest.class);
        } catch (JsonMappingException e) {
            throw CommandRejectedException.invalid(StrictJson.problem(e));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        if (request == null) {
            throw CommandRejectedException.invalid("The request body must be a JSON object.");
        }
        Set<ConstraintViolation<SegmentRequest>> violations = VALIDATOR.validate(request);
        if (!violations.isEmpty()) {
            throw CommandRejectedException.invalid(Violations.message(violations));
        }
        return request;
    }

    private static SegmentDetails readDetails(JsonNode body, String contentLanguage) {
        return read(body).details(contentLanguage);
    }

    private static Long readExpectedVersion(JsonNode body) {
        return read(body).expectedVersion();
    }

    private static String readId(JsonNode body) {
        return read(body).id();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(Runnable action) {
        return assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
}
