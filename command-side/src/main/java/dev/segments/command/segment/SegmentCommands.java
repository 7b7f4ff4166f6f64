package dev.segments.command.segment;

import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.CreateSegmentCommand;
import dev.segments.events.segment.DeleteSegmentCommand;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.PatchSegmentCommand;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.UpsertSegmentCommand;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Service;

/**
 * The segment feature's command API for the web layer: dispatches commands with the caller's audit metadata
 * and turns store-level races into the outcomes the HTTP contract promises. Another node appending to the
 * same segment at the same moment makes the append fail on the event store's unique key; the command is
 * then retried against the new state, where a version check or "already exists" decides it.
 */
@Service
public class SegmentCommands {

    static final int ATTEMPTS = 3;

    private final CommandGateway gateway;

    SegmentCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public SegmentChange create(AuditMetadata audit, String segmentId, SegmentDetails details) {
        return send(audit, new CreateSegmentCommand(audit.tenant(), segmentId, details));
    }

    public SegmentChange upsert(AuditMetadata audit, String segmentId, SegmentDetails details,
                                Long expectedVersion) {
        return send(audit, new UpsertSegmentCommand(audit.tenant(), segmentId, details, expectedVersion));
    }

    public SegmentChange patch(AuditMetadata audit, String segmentId, List<PatchOperation> operations) {
        try {
            return send(audit, new PatchSegmentCommand(audit.tenant(), segmentId, operations));
        } catch (AggregateNotFoundException e) {
            throw SegmentRejectedException.notFound(segmentId);
        }
    }

    /** Deleting a segment that does not exist succeeds without appending anything (DELETE is idempotent). */
    public SegmentChange delete(AuditMetadata audit, String segmentId, boolean force) {
        try {
            return send(audit, new DeleteSegmentCommand(audit.tenant(), segmentId, force));
        } catch (AggregateNotFoundException e) {
            return new SegmentChange(segmentId, false,
                    new SegmentIdentity(audit.tenant(), segmentId).aggregateId(), -1);
        }
    }

    private SegmentChange send(AuditMetadata audit, Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(audit.asMap()));
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                if (attempt == ATTEMPTS) {
                    throw new SegmentRejectedException(SegmentRejectedException.Reason.STALE_VERSION,
                            "The resource you are attempting to access has changed.");
                }
            }
        }
    }
}
