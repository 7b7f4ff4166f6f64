package dev.segments.command.assignment;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandSender;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.AuditMetadata;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.UnassignCustomerCommand;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

/**
 * The customer assignment feature's command API for the web layer. It addresses assignments within the
 * segment's current generation; the aggregate re-checks that generation under a lock, so a segment deleted
 * or re-created in between makes the command fail with 404 instead of writing into the wrong segment.
 */
@Service
public class CustomerAssignmentCommands {

    private final CommandSender sender;
    private final SegmentRegistry registry;

    CustomerAssignmentCommands(CommandSender sender, SegmentRegistry registry) {
        this.sender = sender;
        this.registry = registry;
    }

    /** The segment's current generation; 404 when the segment does not exist. */
    public long generation(String tenant, String segmentId) {
        return registry.liveGeneration(tenant, segmentId)
                .orElseThrow(() -> CommandRejectedException.notFound(segmentId));
    }

    public Change assign(AuditMetadata audit, String segmentId, long generation, String customerId,
                         String legalEntityId, Map<String, Object> mixins, Map<String, Object> metadataMixins,
                         Long expectedVersion) {
        return sender.send(audit, new AssignCustomerCommand(identity(audit, segmentId, generation, customerId,
                legalEntityId), mixins, metadataMixins, expectedVersion));
    }

    /** Removing an assignment that does not exist succeeds without appending anything. */
    public Change unassign(AuditMetadata audit, String segmentId, long generation, String customerId,
                           String legalEntityId) {
        CustomerAssignmentIdentity identity = identity(audit, segmentId, generation, customerId, legalEntityId);
        try {
            return sender.send(audit, new UnassignCustomerCommand(identity));
        } catch (AggregateNotFoundException e) {
            return new Change(customerId, false, identity.aggregateId(), -1);
        }
    }

    private static CustomerAssignmentIdentity identity(AuditMetadata audit, String segmentId, long generation,
                                                       String customerId, String legalEntityId) {
        return new CustomerAssignmentIdentity(audit.tenant(), segmentId, generation, customerId, legalEntityId);
    }
}
