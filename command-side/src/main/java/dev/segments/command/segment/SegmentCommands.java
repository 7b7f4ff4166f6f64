package dev.segments.command.segment;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandSender;
import dev.segments.events.AuditMetadata;
import dev.segments.events.segment.CreateSegmentCommand;
import dev.segments.events.segment.DeleteSegmentCommand;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.PatchSegmentCommand;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.UpsertSegmentCommand;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

/**
 * The segment feature's command API for the web layer: builds segment commands and dispatches them with
 * the caller's audit metadata.
 */
@Service
public class SegmentCommands {

    private final CommandSender sender;
    private final SegmentRegistry registry;

    SegmentCommands(CommandSender sender, SegmentRegistry registry) {
        this.sender = sender;
        this.registry = registry;
    }

    public Change create(AuditMetadata audit, String segmentId, SegmentDetails details) {
        return send(audit, new CreateSegmentCommand(audit.tenant(), segmentId, details));
    }

    public Change upsert(AuditMetadata audit, String segmentId, SegmentDetails details,
                                Long expectedVersion) {
        return send(audit, new UpsertSegmentCommand(audit.tenant(), segmentId, details, expectedVersion));
    }

    public Change patch(AuditMetadata audit, String segmentId, List<PatchOperation> operations) {
        if (registry.liveGeneration(audit.tenant(), segmentId).isEmpty()) {
            throw CommandRejectedException.notFound(segmentId);
        }
        try {
            return send(audit, new PatchSegmentCommand(audit.tenant(), segmentId, operations));
        } catch (AggregateNotFoundException e) {
            throw CommandRejectedException.notFound(segmentId);
        }
    }

    /**
     * Deleting a segment that does not exist succeeds without appending anything (DELETE is idempotent). The
     * registry answers the common "not there" case without loading the aggregate; the aggregate still
     * decides every race.
     */
    public Change delete(AuditMetadata audit, String segmentId, boolean force) {
        if (registry.liveGeneration(audit.tenant(), segmentId).isEmpty()) {
            return nothingDeleted(audit, segmentId);
        }
        try {
            return send(audit, new DeleteSegmentCommand(audit.tenant(), segmentId, force));
        } catch (AggregateNotFoundException e) {
            return nothingDeleted(audit, segmentId);
        }
    }

    private static Change nothingDeleted(AuditMetadata audit, String segmentId) {
        return new Change(segmentId, false, new SegmentIdentity(audit.tenant(), segmentId).aggregateId(), -1);
    }

    private Change send(AuditMetadata audit, Object command) {
        return sender.send(audit, command);
    }
}
