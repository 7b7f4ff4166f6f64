package dev.segments.command.assignment;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;

/**
 * What an assignment's decisions depend on, for customer and item assignments alike. Every event carries the
 * full version, so the last event alone determines it: the bulk handler reads only that one per assignment.
 */
record AssignmentState(boolean live, long version, long lastSequenceNumber) {

    static final AssignmentState NONE = new AssignmentState(false, 0, -1);

    static AssignmentState after(Object event, long sequenceNumber) {
        if (event instanceof CustomerAssignedEvent assigned) {
            return new AssignmentState(true, assigned.version(), sequenceNumber);
        }
        if (event instanceof CustomerAssignmentUpdatedEvent updated) {
            return new AssignmentState(true, updated.version(), sequenceNumber);
        }
        if (event instanceof ItemAssignedEvent assigned) {
            return new AssignmentState(true, assigned.version(), sequenceNumber);
        }
        if (event instanceof ItemAssignmentUpdatedEvent updated) {
            return new AssignmentState(true, updated.version(), sequenceNumber);
        }
        if (event instanceof CustomerUnassignedEvent || event instanceof ItemUnassignedEvent) {
            return new AssignmentState(false, 0, sequenceNumber);
        }
        throw new IllegalArgumentException("Not an assignment event: " + event.getClass().getName());
    }

    /** Whether this event starts a new life of the assignment (its answer is 201). */
    static boolean creates(Object event) {
        return event instanceof CustomerAssignedEvent || event instanceof ItemAssignedEvent;
    }
}
