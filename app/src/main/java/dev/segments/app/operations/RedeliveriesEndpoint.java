package dev.segments.app.operations;

import dev.segments.app.web.ErrorBody;
import dev.segments.query.publisher.Redeliveries;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;

/**
 * {@code POST /actuator/redeliveries} with {@code {"from": "<ISO instant>"}} or {@code {"fromPosition": N}}
 * (exactly one), optionally {@code "tenant"} and {@code "to"}: re-publishes the stored events in that range as the
 * same CloudEvents (202 with the re-delivery's {@code id}); {@code GET /actuator/redeliveries/{id}}: its
 * {@code state} and how many events it {@code published}. 409 when no broker is configured (publishing is parked:
 * there is no topic to re-deliver to, and the events are all still to be published anyway).
 */
@WebEndpoint(id = "redeliveries")
public class RedeliveriesEndpoint {

    private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9]{2,15}$");

    private final ObjectProvider<Redeliveries> redeliveries;

    public RedeliveriesEndpoint(ObjectProvider<Redeliveries> redeliveries) {
        this.redeliveries = redeliveries;
    }

    @WriteOperation
    public WebEndpointResponse<Object> start(@Nullable String from, @Nullable Long fromPosition, @Nullable String to,
                                             @Nullable String tenant) {
        if ((from == null) == (fromPosition == null)) {
            return error(HttpStatus.BAD_REQUEST, "Exactly one of the fields 'from' and 'fromPosition' is required.");
        }
        if (fromPosition != null && fromPosition < 0) {
            return error(HttpStatus.BAD_REQUEST, "Field 'fromPosition' must be 0 or more.");
        }
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            return error(HttpStatus.BAD_REQUEST, "Field 'tenant' must be 3 to 16 lowercase letters and digits, "
                    + "starting with a letter.");
        }
        Instant fromTime;
        Instant toTime;
        try {
            fromTime = from == null ? null : Instant.parse(from);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "Field 'from' must be an ISO-8601 instant (2026-12-02T06:00:00Z).");
        }
        try {
            toTime = to == null ? null : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "Field 'to' must be an ISO-8601 instant (2026-12-02T06:00:00Z).");
        }
        if (fromTime != null && toTime != null && toTime.isBefore(fromTime)) {
            return error(HttpStatus.BAD_REQUEST, "Field 'to' must not be before 'from'.");
        }
        Redeliveries available = redeliveries.getIfAvailable();
        if (available == null) {
            return error(HttpStatus.CONFLICT, "No Kafka broker is configured: publishing is parked, so there is "
                    + "nothing to re-deliver to (set SPRING_KAFKA_BOOTSTRAP_SERVERS).");
        }
        String id = available.start(new Redeliveries.Request(fromPosition, fromTime, toTime, tenant));
        return new WebEndpointResponse<>(Map.of("id", id), HttpStatus.ACCEPTED.value());
    }

    @ReadOperation
    public WebEndpointResponse<Object> status(@Selector String id) {
        Redeliveries available = redeliveries.getIfAvailable();
        return (available == null ? java.util.Optional.<Map<String, Object>>empty() : available.status(id))
                .map(status -> new WebEndpointResponse<Object>(status, WebEndpointResponse.STATUS_OK))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "No re-delivery with id " + id + "."));
    }

    private static WebEndpointResponse<Object> error(HttpStatus status, String message) {
        return new WebEndpointResponse<>(ErrorBody.of(status, message), status.value());
    }
}
