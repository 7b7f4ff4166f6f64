package dev.segments.app.operations;

import dev.segments.app.web.ErrorBody;
import dev.segments.query.rebuild.ProjectionRebuilds;
import dev.segments.query.rebuild.RebuildStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/projections}: each query-side projection with its state ({@code LIVE}, or {@code REBUILDING}
 * with the rebuild's progress), its live position and lag, and its latest rebuild; and
 * {@code POST /actuator/projections/{name}} with {@code {"action": "rebuild"}}, which starts a blue/green rebuild
 * (202; 409 while one runs anywhere, 404 for an unknown projection, 400 for another action). Answers from the
 * database, so every node tells the same whichever node runs the rebuild. The jar's {@code rebuild} command uses
 * both.
 */
@WebEndpoint(id = "projections")
public class ProjectionsEndpoint {

    private final ProjectionRebuilds rebuilds;
    private final ProcessorStates states;

    public ProjectionsEndpoint(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                               Clock clock, ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
        this.states = new ProcessorStates(jdbc, serializer, processing, clock, rebuilds.names());
    }

    @ReadOperation
    public Map<String, Object> projections() {
        ProcessorStates.Snapshot snapshot = states.snapshot(true);
        Map<String, Object> projections = new LinkedHashMap<>();
        for (String name : rebuilds.names()) {
            projections.put(name, describe(name, snapshot));
        }
        return Map.of("head", snapshot.head(), "projections", projections);
    }

    @ReadOperation
    public WebEndpointResponse<Object> projection(@Selector String name) {
        if (!rebuilds.names().contains(name)) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "No projection named " + name + ".");
        }
        return new WebEndpointResponse<>(describe(name, states.snapshot(true)), WebEndpointResponse.STATUS_OK);
    }

    /** {@code {"action": "rebuild"}}: 202 when the rebuild started (or an unfinished one of it resumed). */
    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String name, @Nullable String action) {
        if (!rebuilds.names().contains(name)) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "No projection named " + name + ".");
        }
        if (!"rebuild".equals(action)) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Field 'action' must be rebuild.");
        }
        ProjectionRebuilds.Start start = rebuilds.start(name);
        return switch (start.outcome()) {
            case STARTED, RESUMED -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("projection", name);
                body.put("state", RebuildStatus.REBUILDING);
                body.put("message", start.message());
                yield new WebEndpointResponse<>(body, HttpStatus.ACCEPTED.value());
            }
            case BUSY -> error(HttpStatus.CONFLICT.value(), start.message());
            case UNKNOWN -> error(WebEndpointResponse.STATUS_NOT_FOUND, start.message());
        };
    }

    private Map<String, Object> describe(String name, ProcessorStates.Snapshot snapshot) {
        Map<String, Object> projection = new LinkedHashMap<>();
        Optional<RebuildStatus> rebuild = rebuilds.status(name);
        boolean rebuilding = rebuild.map(RebuildStatus::rebuilding).orElse(false);
        projection.put("name", name);
        projection.put("state", rebuilding ? "REBUILDING" : "LIVE");
        ProcessorStates.Status status = snapshot.statuses().get(name);
        projection.put("position", status.position());
        projection.put("lag", status.lag());
        if (rebuilding) {
            projection.put("progress", rebuild.get().progress(snapshot.head()));
        }
        rebuild.ifPresent(last -> {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("state", last.state());
            described.put("startedAt", last.startedAt().toString());
            described.put("finishedAt", last.finishedAt() == null ? null : last.finishedAt().toString());
            described.put("processed", last.processed());
            described.put("error", last.error());
            projection.put("lastRebuild", described);
        });
        return projection;
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(ErrorBody.of(HttpStatus.valueOf(status), message), status);
    }
}
