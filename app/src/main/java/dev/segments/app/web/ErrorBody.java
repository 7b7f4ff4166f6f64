package dev.segments.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/** The API's error document: {@code {"code":400,"status":"Bad Request","message":"...","details":[...]}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Error", description = "The API's error body.")
public record ErrorBody(int code, String status, String message, List<String> details) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ErrorBody of(HttpStatusCode statusCode, String message) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        return new ErrorBody(statusCode.value(), status == null ? "Error" : status.getReasonPhrase(), message,
                List.of());
    }

    /** Writes the body directly, for filters that answer before Spring MVC is involved. */
    public static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        MAPPER.writeValue(response.getOutputStream(), of(status, message));
    }
}
