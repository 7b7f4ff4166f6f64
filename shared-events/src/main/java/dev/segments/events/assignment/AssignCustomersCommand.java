package dev.segments.events.assignment;

import java.util.List;

/**
 * A bulk request's customer assignments to one segment, decided and appended together in one transaction.
 * Each assignment is judged on its own, in order (a later one sees an earlier one's result), and a rejected
 * one leaves the others in place. All of them address the same tenant, segment and generation.
 */
public record AssignCustomersCommand(List<AssignCustomerCommand> assignments) {

    public AssignCustomersCommand {
        assignments = List.copyOf(assignments);
        BulkCommands.requireOneSegment(assignments.stream().map(AssignCustomerCommand::identity)
                .map(id -> new BulkCommands.Address(id.tenant(), id.segmentId(), id.generation())).toList());
    }
}
