package dev.segments.command.segment;

import dev.segments.command.CommandRejectedException;
import dev.segments.command.FreeForm;
import dev.segments.events.Storable;
import dev.segments.events.segment.SegmentDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The invariants of a segment's details, checked by the aggregate for every way of changing them (create,
 * upsert, patch) so that no path can store what another would refuse. Size limits keep one segment from
 * becoming a storage or rendering problem for every reader.
 */
final class SegmentValidator {

    static final Pattern LANGUAGE = Pattern.compile("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$");
    static final Pattern CODE = Pattern.compile("^[A-Za-z0-9._~-]{1,64}$");
    static final int MAX_LANGUAGES = 100;
    static final int MAX_NAME_LENGTH = 1_000;
    static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private SegmentValidator() {
    }

    static void validate(SegmentDetails details) {
        List<String> problems = new ArrayList<>();
        if (details.name() == null || details.name().isEmpty()) {
            problems.add("Field 'name' is required and needs at least one translation.");
        } else {
            checkLocalized("name", details.name(), MAX_NAME_LENGTH, problems);
        }
        if (details.description() != null) {
            checkLocalized("description", details.description(), MAX_DESCRIPTION_LENGTH, problems);
        }
        if (details.siteCode() == null || details.siteCode().isBlank()) {
            problems.add("Field 'siteCode' is required.");
        } else if (!CODE.matcher(details.siteCode()).matches()) {
            problems.add("Field 'siteCode' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.");
        }
        if (details.status() == null) {
            problems.add("Field 'status' must be one of ACTIVE, INACTIVE.");
        }
        if (details.validity() != null) {
            addIfPresent(problems, "validity.from", Storable.instantProblem(details.validity().from()));
            addIfPresent(problems, "validity.to", Storable.instantProblem(details.validity().to()));
            if (details.validity().from() != null && details.validity().to() != null
                    && details.validity().from().isAfter(details.validity().to())) {
                problems.add("Field 'validity.from' must not be after 'validity.to'.");
            }
        }
        checkFreeForm("mixins", details.mixins(), problems);
        checkFreeForm("metadata.mixins", details.metadataMixins(), problems);
        if (!problems.isEmpty()) {
            throw CommandRejectedException.invalid(String.join(" ", problems));
        }
    }

    private static void checkLocalized(String field, Map<String, String> texts, int maxLength,
                                       List<String> problems) {
        if (texts.size() > MAX_LANGUAGES) {
            problems.add("Field '" + field + "' has more than " + MAX_LANGUAGES + " translations.");
            return;
        }
        texts.forEach((language, text) -> {
            if (language == null || !LANGUAGE.matcher(language).matches()) {
                problems.add("Field '" + field + "' has an invalid language code '" + abbreviate(language) + "'.");
            } else if (text == null) {
                problems.add("Field '" + field + "." + language + "' must be text.");
            } else if (text.length() > maxLength) {
                problems.add("Field '" + field + "." + language + "' is longer than " + maxLength + " characters.");
            } else {
                addIfPresent(problems, field + "." + language, Storable.textProblem(text));
            }
        });
    }

    private static void checkFreeForm(String field, Map<String, Object> value, List<String> problems) {
        addIfPresent(problems, field, FreeForm.problem(value));
    }

    private static void addIfPresent(List<String> problems, String field, String problem) {
        if (problem != null) {
            problems.add("Field '" + field + "' " + problem);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
