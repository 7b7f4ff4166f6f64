package dev.segments.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.app.security.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a running service's operator endpoints ({@code /actuator/...}) with a token holding
 * {@code customersegment.admin}: the one given with {@code --token}, else one minted with the local secret
 * ({@code SEGMENTS_JWT_SECRET}, as the {@code token} command does), which only a service using that secret
 * accepts.
 */
final class OperatorClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String token;

    OperatorClient(Options options) {
        this.url = options.get("url", "http://localhost:8080").replaceAll("/+$", "");
        this.token = options.get("token") != null ? options.get("token")
                : TokenMinter.mint(new String[] {"token", "--tenant=operator", "--sub=operator-cli",
                        "--scope=customersegment.admin", "--ttl=86400"});
    }

    /** A response: its status and its JSON body (an empty object when it had none). */
    record Answer(int status, JsonNode body) {
    }

    /** The answer to a request, or an exception naming the status and body when it is not 2xx. */
    JsonNode send(String method, String path, Object body, Duration timeout) throws IOException, InterruptedException {
        Answer answer = exchange(method, path, body, timeout);
        if (answer.status() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** The answer to a request, whatever its status. */
    Answer exchange(String method, String path, Object body, Duration timeout) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answered;
        try {
            answered = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException notJson) {
            answered = JSON.createObjectNode().put("message", response.body());
        }
        return new Answer(response.statusCode(), answered);
    }
}
