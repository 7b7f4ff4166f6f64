package dev.segments.query.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every read endpoint does the same way: run a query through the query bus (surfacing the handler's own
 * exception instead of Axon's wrapper) and answer an unknown id.
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

    public static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "The resource with id " + id + " has not been found.");
    }
}
