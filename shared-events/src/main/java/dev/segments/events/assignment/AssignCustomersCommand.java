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
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("A bulk assignment needs at least one assignment");
        }
        CustomerAssignmentIdentity first = assignments.get(0).identity();
        for (AssignCustomerCommand assignment : assignments) {
            CustomerAssignmentIdentity id = assignment.identity();
            if (!id.tenant().equals(first.tenant()) || !id.segmentId().equals(first.segmentId())
                    || id.generation() != first.generation()) {
                throw new IllegalArgumentException("A bulk assignment addresses one segment of one tenant");
            }
        }
    }

    /** The identity of the first assignment, whose tenant, segment and generation all of them share. */
    public CustomerAssignmentIdentity segment() {
        return assignments.get(0).identity();
    }
}
