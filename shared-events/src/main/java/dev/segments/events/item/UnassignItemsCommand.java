package dev.segments.events.item;

import dev.segments.events.assignment.BulkCommands;
import java.util.List;

/** A bulk request's removals of item assignments from one segment, decided and appended together. */
public record UnassignItemsCommand(List<UnassignItemCommand> removals) {

    public UnassignItemsCommand {
        removals = List.copyOf(removals);
        BulkCommands.requireOneSegment(removals.stream().map(UnassignItemCommand::identity)
                .map(id -> new BulkCommands.Address(id.tenant(), id.segmentId(), id.generation())).toList());
    }
}
