package dev.segments.query.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Runs a query through the query bus and surfaces the handler's own exception instead of Axon's wrapper. */
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
}
