package dev.segments.app;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks real exchanges of the integration tests against the OpenAPI document the service under test serves,
 * so that document and behaviour cannot drift: every response of a tenant endpoint must be one the document
 * describes, and every request the service accepted (2xx) must be one the document allows.
 */
final class OpenApiContract {

    private static final Set<String> OUTSIDE_OPERATIONS = Set.of("validation.request.operation.notAllowed",
            "validation.request.path.missing");
    private static final Map<Integer, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    /** Loads the document the service on this port serves, once (the first load takes seconds). */
    static void prepare(int port) {
        VALIDATORS.computeIfAbsent(port, OpenApiContract::load);
    }

    /** Throws an AssertionError naming every way the exchange departs from the served document. */
    static void check(int port, String method, String pathAndQuery, Map<String, String> requestHeaders,
                      String requestBody, Api.Response response) {
        URI uri = URI.create(pathAndQuery);
        if (uri.getPath() == null || !uri.getPath().startsWith("/customer-segment/")) {
            return;
        }
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(port, OpenApiContract::load);
        SimpleResponse.Builder served = SimpleResponse.Builder.status(response.status());
        response.headers().forEach((name, values) -> served.withHeader(name, values));
        if (response.body() != null && !response.body().isEmpty()) {
            served.withBody(response.body());
        }
        ValidationReport report;
        Request.Method verb = Request.Method.valueOf(method);
        if (response.status() / 100 == 2) {
            SimpleRequest.Builder request = new SimpleRequest.Builder(verb, uri.getPath());
            requestHeaders.forEach(request::withHeader);
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String[] parts = pair.split("=", 2);
                    request.withQueryParam(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
                }
            }
            if (requestBody != null) {
                request.withBody(requestBody);
            }
            report = validator.validate(request.build(), served.build());
        } else {
            report = validator.validateResponse(uri.getPath(), verb, served.build());
        }
        List<String> errors = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                // an error for a method the path does not have (405), or for a path the firewall refused, answers
                // no operation; a success always must
                .filter(message -> response.status() / 100 == 2 || !OUTSIDE_OPERATIONS.contains(message.getKey()))
                .map(message -> message.getKey() + ": " + message.getMessage()).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("The exchange " + method + " " + pathAndQuery + " -> " + response.status()
                    + " departs from the served OpenAPI document:\n  " + errors.stream()
                    .collect(Collectors.joining("\n  ")) + "\nResponse body: " + response.body());
        }
    }

    private static OpenApiInteractionValidator load(int port) {
        Api.Response document = new Api(port, null).get("/v3/api-docs");
        if (document.status() != 200) {
            throw new IllegalStateException("No OpenAPI document: " + document);
        }
        return OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build();
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
