package dev.segments.command.segment.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.StrictJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A localized field as a request may send it: a map of BCP-47 language to text, or a plain text that belongs to
 * the request's {@code Content-Language}.
 */
@Schema(name = "LocalizedText")
record LocalizedText(Map<String, String> translations, String text) implements StrictJson.LocalizedValue {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LocalizedText of(JsonNode value) throws StrictJson.InvalidValue {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return new LocalizedText(null, value.textValue());
        }
        if (!value.isObject()) {
            throw new StrictJson.InvalidValue("must be an object of language to text.");
        }
        Map<String, String> translations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new StrictJson.InvalidValue(entry.getKey(), "must be a string.");
            }
            translations.put(entry.getKey(), entry.getValue().textValue());
        }
        return new LocalizedText(translations, null);
    }

    /** The translations, a plain text taken as the given language (null when the request names none). */
    Map<String, String> in(String field, String contentLanguage) {
        if (text == null) {
            return translations;
        }
        if (contentLanguage == null) {
            throw CommandRejectedException.invalid("Field '" + field + "' must be an object of language to text, "
                    + "or send its language in Content-Language.");
        }
        Map<String, String> single = new LinkedHashMap<>();
        single.put(contentLanguage, text);
        return single;
    }
}
