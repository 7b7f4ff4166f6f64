package dev.segments.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.segments.query.DatabaseFailures;
import dev.segments.query.search.InvalidSearchException;
import dev.segments.query.search.QueryFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure in the API's error format. Spring MVC's own exceptions (415, 405, unreadable
 * bodies, bad parameters) keep their status; anything unexpected is a 500 without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final String COMMAND_PACKAGE = "dev.segments.command";

    @ExceptionHandler(InvalidSearchException.class)
    ResponseEntity<Object> invalidSearch(InvalidSearchException e) {
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    /**
     * A query the database refused or cut off (bad regex, statement timeout, ...) is the caller's doing; a lost
     * connection or a lock past its bound is not.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> dataAccess(DataAccessException e, HandlerMethod handler) {
        if (DatabaseFailures.isTransient(e, isWrite(handler))) {
            return unavailable(e);
        }
        return QueryFailures.badInputMessage(e)
                .map(message -> ResponseEntity.badRequest().<Object>body(ErrorBody.of(HttpStatus.BAD_REQUEST, message)))
                .orElseGet(() -> unexpected(e, handler));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HandlerMethod handler) {
        if (DatabaseFailures.isTransient(e, isWrite(handler))) {
            return unavailable(e);
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError().body(ErrorBody.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred."));
    }

    /** 503: nothing of the request was applied (its transaction rolled back), and it may be sent again. */
    private static ResponseEntity<Object> unavailable(Exception e) {
        log.warn("Database unavailable or busy: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ErrorBody.of(HttpStatus.SERVICE_UNAVAILABLE,
                        "The service is temporarily unable to reach its database; nothing was changed. Retry later."));
    }

    /** Writes are the command side's endpoints; a statement timeout there is the server's problem. */
    private static boolean isWrite(HandlerMethod handler) {
        return handler != null && handler.getBeanType().getPackageName().startsWith(COMMAND_PACKAGE);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeFilter.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(ErrorBody.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        String message = ex.getCause() instanceof JsonProcessingException json && json.getLocation() != null
                ? "The request body is not valid JSON (line " + json.getLocation().getLineNr() + ", column "
                  + json.getLocation().getColumnNr() + ")."
                : "The request body is missing or not valid JSON.";
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, message));
    }

    /** A parameter or header of the wrong type, named as the client sent it, without Java type names. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String what = ex.getPropertyName() == null ? "A parameter" : "Parameter '" + ex.getPropertyName() + "'";
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            RequestHeader header = mismatch.getParameter().getParameterAnnotation(RequestHeader.class);
            RequestParam param = mismatch.getParameter().getParameterAnnotation(RequestParam.class);
            if (header != null) {
                what = "Header '" + (header.value().isEmpty() ? mismatch.getName() : header.value()) + "'";
            } else if (param != null) {
                what = "Parameter '" + (param.value().isEmpty() ? mismatch.getName() : param.value()) + "'";
            } else {
                what = "Path parameter '" + mismatch.getName() + "'";
            }
        }
        Class<?> type = ex.getRequiredType();
        String expected = type == boolean.class || type == Boolean.class ? "true or false"
                : type == int.class || type == Integer.class || type == long.class || type == Long.class
                ? "an integer" : "a valid value";
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, what + " must be " + expected
                + "."));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        String message = ex instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : ex.getMessage();
        return ResponseEntity.status(statusCode).headers(headers).body(ErrorBody.of(statusCode, message));
    }
}
