package dev.segments.command.assignment;

import dev.segments.command.BulkOutcome;
import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandSender;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.AuditMetadata;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.AssignCustomersCommand;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.UnassignCustomerCommand;
import dev.segments.events.assignment.UnassignCustomersCommand;
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.AssignItemsCommand;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemType;
import dev.segments.events.item.UnassignItemCommand;
import dev.segments.events.item.UnassignItemsCommand;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

/**
 * The assignment features' command API for the web layer. It addresses assignments within the segment's
 * current generation; the aggregates re-check that generation under a lock, so a segment deleted or
 * re-created in between makes the command fail with 404 instead of writing into the wrong segment.
 * Removing an assignment that does not exist succeeds without appending anything.
 */
@Service
public class AssignmentCommands {

    private final CommandSender sender;
    private final SegmentRegistry registry;

    AssignmentCommands(CommandSender sender, SegmentRegistry registry) {
        this.sender = sender;
        this.registry = registry;
    }

    /** The segment's current generation; 404 when the segment does not exist. */
    public long generation(String tenant, String segmentId) {
        return registry.liveGeneration(tenant, segmentId)
                .orElseThrow(() -> CommandRejectedException.notFound(segmentId));
    }

    public Change assignCustomer(AuditMetadata audit, String segmentId, long generation, String customerId,
                                 String legalEntityId, Map<String, Object> mixins, Map<String, Object> metadataMixins,
                                 Long expectedVersion) {
        return sender.send(audit, new AssignCustomerCommand(new CustomerAssignmentIdentity(audit.tenant(), segmentId,
                generation, customerId, legalEntityId), mixins, metadataMixins, expectedVersion));
    }

    /**
     * Assigns many customers to one segment in one transaction (see {@link AssignmentBulkHandler});
     * one outcome per assignment, in order. Should the whole batch lose a race on the event store more often
     * than the sender retries, this throws the conflict and nothing is applied.
     */
    public List<BulkOutcome> assignCustomers(AuditMetadata audit, List<AssignCustomerCommand> assignments) {
        return sender.send(audit, new AssignCustomersCommand(assignments));
    }

    /** Removes many customer assignments from one segment in one transaction; one outcome each, in order. */
    public List<BulkOutcome> unassignCustomers(AuditMetadata audit, List<UnassignCustomerCommand> removals) {
        return sender.send(audit, new UnassignCustomersCommand(removals));
    }

    /** Assigns many items to one segment in one transaction; one outcome each, in order. */
    public List<BulkOutcome> assignItems(AuditMetadata audit, List<AssignItemCommand> assignments) {
        return sender.send(audit, new AssignItemsCommand(assignments));
    }

    /** Removes many item assignments from one segment in one transaction; one outcome each, in order. */
    public List<BulkOutcome> unassignItems(AuditMetadata audit, List<UnassignItemCommand> removals) {
        return sender.send(audit, new UnassignItemsCommand(removals));
    }

    public Change unassignCustomer(AuditMetadata audit, String segmentId, long generation, String customerId,
                                   String legalEntityId) {
        CustomerAssignmentIdentity identity = new CustomerAssignmentIdentity(audit.tenant(), segmentId, generation,
                customerId, legalEntityId);
        return removal(audit, new UnassignCustomerCommand(identity), customerId, identity.aggregateId());
    }

    public Change assignItem(AuditMetadata audit, String segmentId, long generation, ItemType type, String itemId,
                             Map<String, Object> mixins, Map<String, Object> metadataMixins, Long expectedVersion) {
        return sender.send(audit, new AssignItemCommand(new ItemAssignmentIdentity(audit.tenant(), segmentId,
                generation, type, itemId), mixins, metadataMixins, expectedVersion));
    }

    public Change unassignItem(AuditMetadata audit, String segmentId, long generation, ItemType type, String itemId) {
        ItemAssignmentIdentity identity = new ItemAssignmentIdentity(audit.tenant(), segmentId, generation, type,
                itemId);
        return removal(audit, new UnassignItemCommand(identity), itemId, identity.aggregateId());
    }

    private Change removal(AuditMetadata audit, Object command, String id, String aggregateId) {
        try {
            return sender.send(audit, command);
        } catch (AggregateNotFoundException e) {
            return new Change(id, false, aggregateId, -1);
        }
    }
}
