package dev.segments.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}), for failures that never reached a controller, in the API's error
 * format. Asked for directly, it is just a path that does not exist.
 */
@RestController
class ApiErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        String message = status == HttpStatus.NOT_FOUND ? "The requested resource has not been found."
                : status.is5xxServerError() ? "An unexpected error occurred." : status.getReasonPhrase() + ".";
        return ResponseEntity.status(status).body(ErrorBody.of(status, message));
    }
}
