package dev.segments.bench.core;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** An HTTP response as {@link LeanHttp} reads it. */
public record Resp(int statusCode, HttpHeaders headers, byte[] body) {

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The service gave up waiting for its projections before answering (X-Read-Your-Writes: timeout). */
    public boolean rywTimedOut() {
        return headers.firstValue("X-Read-Your-Writes").isPresent();
    }
}
