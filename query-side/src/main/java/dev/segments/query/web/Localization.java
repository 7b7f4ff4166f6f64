package dev.segments.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Applies {@code Accept-Language} to localized fields: absent or {@code *} keeps every translation; a
 * language or a weighted priority list reduces each map to its single best translation. A translation in
 * the exact language wins over one that only shares the primary language ({@code en} for {@code en-US});
 * when none of the requested languages exists, the first stored translation is kept rather than nothing, so
 * storefronts never render an empty name.
 */
public final class Localization {

    private final List<Locale.LanguageRange> ranges;

    private Localization(List<Locale.LanguageRange> ranges) {
        this.ranges = ranges;
    }

    public static Localization of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.trim().equals("*")) {
            return new Localization(List.of());
        }
        try {
            return new Localization(Locale.LanguageRange.parse(acceptLanguage).stream()
                    .filter(range -> !range.getRange().equals("*")).toList());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Accept-Language is not a valid language priority list.");
        }
    }

    public boolean keepsAll() {
        return ranges.isEmpty();
    }

    /** Reduces the named localized fields (dotted paths such as {@code item.name}) of a resource in place. */
    public void apply(ObjectNode resource, String... localizedFields) {
        if (keepsAll()) {
            return;
        }
        for (String field : localizedFields) {
            JsonNode texts = resource.at("/" + field.replace('.', '/'));
            if (texts instanceof ObjectNode map && !map.isEmpty()) {
                String best = best(map);
                JsonNode text = map.get(best);
                map.removeAll();
                map.set(best, text);
            }
        }
    }

    private String best(ObjectNode texts) {
        for (Locale.LanguageRange range : ranges) {
            String wanted = range.getRange();
            String primary = wanted.split("-")[0];
            String partial = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = texts.fields(); it.hasNext(); ) {
                String language = it.next().getKey();
                if (language.equalsIgnoreCase(wanted)) {
                    return language;
                }
                if (partial == null && language.split("-")[0].equalsIgnoreCase(primary)) {
                    partial = language;
                }
            }
            if (partial != null) {
                return partial;
            }
        }
        return texts.fieldNames().next();
    }
}
