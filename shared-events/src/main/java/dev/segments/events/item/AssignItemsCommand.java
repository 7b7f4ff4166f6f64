package dev.segments.events.item;

import dev.segments.events.assignment.BulkCommands;
import java.util.List;

/** A bulk request's item assignments to one segment, decided and appended together (as customer ones are). */
public record AssignItemsCommand(List<AssignItemCommand> assignments) {

    public AssignItemsCommand {
        assignments = List.copyOf(assignments);
        BulkCommands.requireOneSegment(assignments.stream().map(AssignItemCommand::identity)
                .map(id -> new BulkCommands.Address(id.tenant(), id.segmentId(), id.generation())).toList());
    }
}
