package dev.segments.query.audit.web;

import dev.segments.events.integration.IntegrationEventType;
import dev.segments.query.search.Paging;
import dev.segments.query.web.Instants;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The query parameters of a history read: a time range, event types and the page, as every list pages. */
record HistoryRequest(
        @Parameter(description = "Only entries at or after this instant (ISO-8601 with offset).",
                schema = @Schema(type = "string", format = "date-time"))
        String from,
        @Parameter(description = "Only entries before this instant (ISO-8601 with offset).",
                schema = @Schema(type = "string", format = "date-time"))
        String to,
        @Parameter(description = "Only these types, comma-separated, e.g. `customer-segment.segment-updated` (the "
                + "`customer-segment.` prefix may be left out).")
        String type,
        @Parameter(description = "The 1-based page.", schema = @Schema(type = "integer", format = "int32",
                minimum = "1", defaultValue = "1"))
        @Min(1) Integer pageNumber,
        @Parameter(description = "Entries per page.", schema = @Schema(type = "integer", format = "int32",
                minimum = "1", maximum = "1000", defaultValue = "60"))
        @Min(1) @Max(Paging.MAX_PAGE_SIZE) Integer pageSize) {

    Paging paging() {
        return Paging.of(pageNumber, pageSize);
    }

    Instant fromInstant() {
        return Instants.parse("from", from);
    }

    Instant toInstant() {
        return Instants.parse("to", to);
    }

    /** The integration event types asked for (null: all); an unknown one is a 400 naming it. */
    List<String> types() {
        if (type == null || type.isBlank()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        for (String given : type.split(",")) {
            String name = given.trim();
            IntegrationEventType known = IntegrationEventType.ofType(name.startsWith(IntegrationEventType.PREFIX)
                    ? name : IntegrationEventType.PREFIX + name);
            if (known == null) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown type '" + name + "'; one of "
                        + String.join(", ", Arrays.stream(IntegrationEventType.values())
                        .map(IntegrationEventType::type).toList()) + ".");
            }
            types.add(known.type());
        }
        return types;
    }
}
