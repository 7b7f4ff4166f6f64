package dev.segments.bench.core;

import static dev.segments.bench.core.Text.abbreviate;
import static dev.segments.bench.core.Text.count;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * The service's HTTP API as the scenarios call it: paths below {@code /customer-segment/{tenant}}, the bench
 * token unless another is given, and the expected status checked (any other fails the operation). Requests
 * go through {@link LeanHttp}.
 */
public final class Api {

    private final String base;
    private final String tenant;
    private final String token;

    public Api(String base, String tenant, String token) {
        this.base = base;
        this.tenant = tenant;
        this.token = token;
    }

    /** The URI of a path below the tenant's API root, e.g. {@code /segments/x}. */
    public URI uri(String path) {
        return URI.create(base + "/customer-segment/" + tenant + path);
    }

    public Resp get(String path, int expected) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), expected, token);
    }

    public Resp get(String path, int expected, String bearer) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), expected, bearer);
    }

    /** The body of a GET that must answer 200. */
    public String getText(String path) throws IOException {
        return get(path, 200).text();
    }

    public Resp post(String path, String json, int expected) throws IOException {
        return send(json(path).POST(HttpRequest.BodyPublishers.ofString(json)), expected, token);
    }

    public Resp put(String path, String json, int expected) throws IOException {
        return send(json(path).PUT(HttpRequest.BodyPublishers.ofString(json)), expected, token);
    }

    /** A POST whose status the caller judges itself. */
    public Resp postUnchecked(String path, String json) throws IOException {
        return LeanHttp.exchange(json(path).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code /actuator/health} with its details (processor lag), which need the token's operator scope. */
    public String health() throws IOException {
        return LeanHttp.exchange(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                .header("Authorization", "Bearer " + token).GET().build()).text();
    }

    private HttpRequest.Builder json(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

    private static Resp send(HttpRequest.Builder request, int expected, String bearer) throws IOException {
        HttpRequest built = request.header("Authorization", "Bearer " + bearer).build();
        Resp r = LeanHttp.exchange(built);
        if (r.statusCode() != expected) {
            throw new IOException("HTTP " + r.statusCode() + " from " + built.method() + " "
                    + built.uri().getRawPath() + ": " + abbreviate(r.text(), 300));
        }
        return r;
    }

    /** One bulk request: a PUT of {@code entries} entries, answered 207 with a code per entry. */
    public record Bulk(String path, String body, int entries) {
    }

    /** What {@link #putAll} saw: entries not answered 201 or 204, responses that timed out on read-your-writes. */
    public record BulkStats(long failed, long rywTimeouts) {
    }

    /**
     * Seeding through the API: sends the bulk requests {@code 0..count-1} (built on demand by {@code request}) as
     * PUTs with {@code clients} concurrent clients; each must answer 207. Calls {@code progress} (if not null)
     * with the number of entries sent so far after each response. Fails with "{@code label} failed" on the first
     * transport error or other status.
     */
    public BulkStats putAll(String label, int count, int clients, IntFunction<Bulk> request, LongConsumer progress)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong rywTimeouts = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread[] threads = new Thread[clients];
        for (int k = 0; k < clients; k++) {
            threads[k] = new Thread(() -> {
                try {
                    long i;
                    while ((i = next.getAndIncrement()) < count && error.get() == null) {
                        Bulk bulk = request.apply((int) i);
                        Resp r = put(bulk.path(), bulk.body(), 207);
                        String text = r.text();
                        failed.addAndGet(bulk.entries() - count(text, "\"code\":201") - count(text, "\"code\":204"));
                        if (r.rywTimedOut()) {
                            rywTimeouts.incrementAndGet();
                        }
                        long d = done.addAndGet(bulk.entries());
                        if (progress != null) {
                            progress.accept(d);
                        }
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                } finally {
                    LeanHttp.release();
                }
            }, "put-" + k);
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException(label + " failed", error.get());
        }
        return new BulkStats(failed.get(), rywTimeouts.get());
    }
}
