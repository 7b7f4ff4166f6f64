package dev.segments.events.assignment;

import java.util.List;

/**
 * A bulk request's removals of customer assignments from one segment, decided and appended together in one
 * transaction; each is judged on its own, in order. All of them address the same tenant, segment and
 * generation.
 */
public record UnassignCustomersCommand(List<UnassignCustomerCommand> removals) {

    public UnassignCustomersCommand {
        removals = List.copyOf(removals);
        BulkCommands.requireOneSegment(removals.stream().map(UnassignCustomerCommand::identity)
                .map(id -> new BulkCommands.Address(id.tenant(), id.segmentId(), id.generation())).toList());
    }
}
