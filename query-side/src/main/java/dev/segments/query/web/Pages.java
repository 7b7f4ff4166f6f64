package dev.segments.query.web;

import java.util.List;
import org.springframework.http.ResponseEntity;

/** A page of a list: 200 with its entries, and {@code X-Total-Count} when the client asked for the total. */
public final class Pages {

    public static final String TOTAL_COUNT = "X-Total-Count";

    private Pages() {
    }

    public static <T> ResponseEntity<List<T>> of(List<T> entries, Long total) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (total != null) {
            response.header(TOTAL_COUNT, total.toString());
        }
        return response.body(entries);
    }
}
