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
import java.util.LinkedHashMap;
import java.util.Map;

/** A small real-HTTP client for the API under test; every exchange is checked against the served contract. */
final class Api {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;
    private final boolean checksContract;

    Api(int port, String token) {
        this(port, token, true);
    }

    private Api(int port, String token, boolean checksContract) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
        this.checksContract = checksContract;
    }

    Api withToken(String other) {
        return new Api(port(), other, checksContract);
    }

    /**
     * The same client without the check against the OpenAPI document, for requests that break the contract on
     * purpose (bodies the document does not allow that the service must still answer well).
     */
    Api outsideContract() {
        return new Api(port(), token, false);
    }

    private int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
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
            Map<String, String> sent = new LinkedHashMap<>();
            if (token != null) {
                sent.put("Authorization", "Bearer " + token);
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
                sent.put(headers[i], headers[i + 1]);
            }
            if (body != null && sent.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                request.header("Content-Type", "application/json");
                sent.put("Content-Type", "application/json");
            }
            String payload = body == null ? null : body instanceof String text ? text : MAPPER.writeValueAsString(body);
            request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Response result = new Response(response.statusCode(), response.body(), response.headers().map());
            if (checksContract) {
                OpenApiContract.check(port(), method, encodeQuery(path), sent, payload, result);
            }
            return result;
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
