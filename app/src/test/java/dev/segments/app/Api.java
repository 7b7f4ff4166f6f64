package dev.segments.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real-HTTP client for the API under test. */
final class Api {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    Api(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    Api withToken(String other) {
        return new Api(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), other);
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    Response put(String path, Object body, String... headers) {
        return send("PUT", path, body, headers);
    }

    Response patch(String path, Object body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    Response delete(String path, Object body, String... headers) {
        return send("DELETE", path, body, headers);
    }

    /** Sends {@code body} as is when it is a String (raw JSON or garbage), else as JSON. */
    Response send(String method, String path, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + encodeQuery(path)))
                    .timeout(Duration.ofSeconds(30));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            boolean hasContentType = false;
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
                hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
            }
            if (body != null && !hasContentType) {
                request.header("Content-Type", "application/json");
            }
            String payload = body == null ? null : body instanceof String text ? text : MAPPER.writeValueAsString(body);
            request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes what a readable test URL may contain but a URI may not (spaces, quotes, brackets). */
    private static String encodeQuery(String path) {
        StringBuilder encoded = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '{' || c == '}' || c == '|' || c == '^'
                    || c == '`' || c == '\\') {
                encoded.append('%').append(String.format("%02X", (int) c));
            } else {
                encoded.append(c);
            }
        }
        return encoded.toString();
    }

    /** Status, body and headers of one exchange. */
    record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
