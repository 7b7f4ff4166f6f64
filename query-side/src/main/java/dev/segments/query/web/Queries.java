package dev.segments.query.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every read endpoint does the same way: run a query through the query bus (surfacing the handler's own
 * exception instead of Axon's wrapper), take {@code q} from a search body, and answer an unknown id.
 */
public final class Queries {

    private Queries() {
    }

    public static <R> R run(Supplier<CompletableFuture<R>> query) {
        try {
            return query.get().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The {@code q} of a POST .../search body, which may be absent; anything but a string is a 400. */
    public static String q(Map<String, Object> body) {
        Object q = body == null ? null : body.get("q");
        if (q != null && !(q instanceof String)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Field 'q' must be a string.");
        }
        return (String) q;
    }

    public static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "The resource with id " + id + " has not been found.");
    }
}
