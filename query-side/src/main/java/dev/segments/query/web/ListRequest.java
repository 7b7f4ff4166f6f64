package dev.segments.query.web;

import dev.segments.query.search.Paging;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The query parameters every list and search shares. {@code q} and {@code sort} are checked by the query
 * engine, which names the position of a mistake; {@code fields} (like {@code Accept-Language}) shapes the
 * response and is handled for every read in one place ({@link Shaped}).
 */
public record ListRequest(
        @Parameter(description = "A query such as `status:ACTIVE AND name.en:~summer`; see the README's query "
                + "language.")
        String q,
        @Parameter(description = "Comma-separated fields with an optional direction, e.g. `name.en:ASC,id:DESC`.")
        String sort,
        @Parameter(description = "The 1-based page.", schema = @Schema(type = "integer", format = "int32",
                minimum = "1", defaultValue = "1"))
        @Min(1) Integer pageNumber,
        @Parameter(description = "Entries per page.", schema = @Schema(type = "integer", format = "int32",
                minimum = "1", maximum = "1000", defaultValue = "60"))
        @Min(1) @Max(Paging.MAX_PAGE_SIZE) Integer pageSize) {

    public Paging paging() {
        return Paging.of(pageNumber, pageSize);
    }

    /** This list with the {@code q} of a search body; a {@code q} in both places is ambiguous, so a 400. */
    public ListRequest searching(SearchRequest body) {
        String bodyQ = body == null ? null : body.q();
        if (bodyQ != null && q != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Give 'q' either in the body or as a parameter, not both.");
        }
        return bodyQ == null ? this : new ListRequest(bodyQ, sort, pageNumber, pageSize);
    }
}
