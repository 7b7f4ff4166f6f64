package dev.segments.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat answers some requests itself, before any filter or servlet sees them (an encoded NUL, slash or backslash
 * in the path, bytes that are not UTF-8): with this valve in place of its HTML error page, those answers carry the
 * API's error body too.
 */
public class ServerErrorReport extends ErrorReportValve {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String message = status == 400 ? "The request is not valid HTTP for this API: its path or query contains "
                + "encoded or special characters the API never uses."
                : resolved == null ? "The request failed." : resolved.getReasonPhrase() + ".";
        try {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(MAPPER.writeValueAsString(ErrorBody.of(
                    resolved == null ? HttpStatus.BAD_REQUEST : resolved, message)));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was committed meanwhile: nothing more to say
        }
    }
}
