package dev.segments.app.operations;

import dev.segments.query.consistency.ConsistencyCheck;
import dev.segments.query.consistency.ConsistencyReport;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * {@code POST /actuator/consistency}, optionally with {@code {"tenant": ..., "repair": true}}: compares every
 * projection row with its streams in the event store and answers the divergences; with {@code repair} it
 * re-projects the affected streams. Reads the whole event store (of the tenant): an operator's tool, not a
 * probe. The jar's {@code verify} command calls it.
 */
@WebEndpoint(id = "consistency")
public class ConsistencyEndpoint {

    private final ConsistencyCheck check;

    public ConsistencyEndpoint(ConsistencyCheck check) {
        this.check = check;
    }

    @WriteOperation
    public ConsistencyReport check(@Nullable String tenant, @Nullable Boolean repair) {
        return check.check(tenant, Boolean.TRUE.equals(repair));
    }
}
