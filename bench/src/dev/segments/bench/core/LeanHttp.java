package dev.segments.bench.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The harness's HTTP/1.1 client: one keep-alive connection per thread, plain blocking socket reads and
 * writes. The JDK's HttpClient, used before, spent more CPU per request (0.7 ms per GET here) than the
 * service's cheapest endpoints do, on the same two cores the service and PostgreSQL need; this one spends
 * about 0.07 ms. Requests are still built with {@link HttpRequest} for readability.
 */
public final class LeanHttp {

    private static final ThreadLocal<LeanHttp> CONNECTION = new ThreadLocal<>();

    private final Socket socket;
    private final BufferedOutputStream out;
    private final BufferedInputStream in;
    private boolean used;

    private LeanHttp(URI uri) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    public static Resp exchange(HttpRequest request) throws IOException {
        URI uri = request.uri();
        byte[] body = bodyOf(request);
        StringBuilder head = new StringBuilder(512).append(request.method()).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        request.headers().map().forEach((name, values) ->
                values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        while (true) {
            LeanHttp connection = CONNECTION.get();
            if (connection == null) {
                connection = new LeanHttp(uri);
                CONNECTION.set(connection);
            }
            boolean reused = connection.used;
            connection.used = true;
            try {
                connection.out.write(headBytes);
                if (body != null) {
                    connection.out.write(body);
                }
                connection.out.flush();
                return connection.read();
            } catch (IOException e) {
                connection.close();
                // a kept-alive connection the server closed while idle: nothing was processed, send again
                if (!(reused && e instanceof StaleConnection)) {
                    throw e;
                }
            }
        }
    }

    private Resp read() throws IOException {
        String status = line(true);
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(false); !header.isEmpty(); header = line(false)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                line(false);
            }
            for (String trailer = line(false); !trailer.isEmpty(); trailer = line(false)) {
                // trailers are not used
            }
        } else if (length > 0) {
            body.write(in.readNBytes((int) length));
        }
        if (close) {
            close();
        }
        return new Resp(code, HttpHeaders.of(headers, (a, b) -> true), body.toByteArray());
    }

    private int chunkSize() throws IOException {
        String size = line(false);
        int semicolon = size.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    private String line(boolean first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (first && line.length() == 0) {
                    throw new StaleConnection();
                }
                throw new EOFException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Closes the calling thread's connection, if it has one (load threads call this when they end). */
    public static void release() {
        LeanHttp connection = CONNECTION.get();
        if (connection != null) {
            connection.close();
        }
    }

    private void close() {
        CONNECTION.remove();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static byte[] bodyOf(HttpRequest request) {
        boolean sendsBody = !request.method().equals("GET") && !request.method().equals("DELETE");
        if (request.bodyPublisher().isEmpty()) {
            return sendsBody ? new byte[0] : null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            public void onNext(ByteBuffer buffer) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }

            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return bytes.size() == 0 && !sendsBody ? null : bytes.toByteArray();
    }

    /** The server closed a kept-alive connection before answering: the request was not processed. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("kept-alive connection closed by the server");
        }
    }
}
