package dev.segments.app.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.StrictJson;
import dev.segments.command.web.Violations;
import dev.segments.command.web.WriteResponses;
import dev.segments.query.DatabaseFailures;
import dev.segments.query.search.InvalidSearchException;
import dev.segments.query.search.QueryFailures;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.validation.method.ParameterValidationResult;
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

    /** A command the domain refused: 400, 404 or 409 with the domain's message. */
    @ExceptionHandler(CommandRejectedException.class)
    ResponseEntity<Object> rejected(CommandRejectedException e) {
        HttpStatus status = WriteResponses.status(e);
        return ResponseEntity.status(status).body(ErrorBody.of(status, e.getMessage()));
    }

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

    /**
     * 503: nothing of the request was applied (its transaction rolled back), and it may be sent again; or, when
     * the connection dropped during the commit itself, the change may or may not be stored, and the message says
     * so (a client should read the resource before sending the request again).
     */
    private static ResponseEntity<Object> unavailable(Exception e) {
        log.warn("Database unavailable or busy: {}", e.toString());
        String message = DatabaseFailures.outcomeUnknown(e)
                ? "The service lost its database connection while committing; the change may or may not have been "
                  + "applied. Read it back before retrying."
                : "The service is temporarily unable to reach its database; nothing was changed. Retry later.";
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ErrorBody.of(HttpStatus.SERVICE_UNAVAILABLE, message));
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
        if (ex.getCause() instanceof JsonMappingException mapping && !(ex.getCause() instanceof JsonParseException)) {
            return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, StrictJson.problem(mapping)));
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
                ? "an integer"
                : type != null && type.isEnum() ? "one of " + Arrays.stream(type.getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", "))
                : "a valid value";
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, what + " must be " + expected
                + "."));
    }

    /**
     * A request body, or the query parameters of a list, that break their record's constraints: every finding,
     * each naming its field or parameter.
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        boolean body = ex.getParameter().hasParameterAnnotation(RequestBody.class);
        String message = ex.getAllErrors().stream()
                .map(error -> body ? sentence(error) : parameterSentence(error)).sorted()
                .collect(Collectors.joining(" "));
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST, message));
    }

    private static String parameterSentence(ObjectError error) {
        if (!(error instanceof FieldError field)) {
            return error.getDefaultMessage();
        }
        String message = field.isBindingFailure() ? "must be an integer." : field.getDefaultMessage();
        return "Parameter '" + field.getField() + "' " + message + (message.endsWith(".") ? "" : ".");
    }

    /** A parameter or header that breaks its constraint, or a body that breaks a constraint on the parameter. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<String> sentences = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String sentence = sentence(error);
                sentences.add(sentence.startsWith("Field ") || name == null ? sentence : name + " " + sentence);
            }
        }
        return ResponseEntity.badRequest().body(ErrorBody.of(HttpStatus.BAD_REQUEST,
                sentences.stream().sorted().collect(Collectors.joining(" "))));
    }

    private static String sentence(MessageSourceResolvable error) {
        if (error instanceof ObjectError objectError && objectError.contains(ConstraintViolation.class)) {
            return Violations.sentence(objectError.unwrap(ConstraintViolation.class));
        }
        return error.getDefaultMessage();
    }

    /** "Header 'Content-Language'", "Parameter 'pageSize'", ... as the client sent it; null for a body. */
    @Nullable
    private static String parameterName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null) {
            return "Header '" + (header.value().isEmpty() ? parameter.getParameterName() : header.value()) + "'";
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null) {
            return "Parameter '" + (param.value().isEmpty() ? parameter.getParameterName() : param.value()) + "'";
        }
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            return "Path parameter '" + parameter.getParameterName() + "'";
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        String message = ex instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : ex.getMessage();
        return ResponseEntity.status(statusCode).headers(headers).body(ErrorBody.of(statusCode, message));
    }
}
