package dev.segments.command.assignment;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemUnassignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code segment_assignment_registry} in step with assignment events, in the command's own
 * transaction (subscribing processor), for the segment delete check.
 */
@Component
@ProcessingGroup(AssignmentRegistryUpdater.PROCESSING_GROUP)
class AssignmentRegistryUpdater {

    static final String PROCESSING_GROUP = "assignment-registry";

    private final JdbcTemplate jdbc;

    AssignmentRegistryUpdater(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerAssignedEvent event) {
        add(event.tenant(), event.segmentId(), event.generation(),
                key(event.tenant(), event.segmentId(), event.generation(), event.customerId(), event.legalEntityId()));
    }

    @EventHandler
    void on(CustomerUnassignedEvent event) {
        remove(event.tenant(), event.segmentId(), event.generation(),
                key(event.tenant(), event.segmentId(), event.generation(), event.customerId(), event.legalEntityId()));
    }

    @EventHandler
    void on(ItemAssignedEvent event) {
        add(event.tenant(), event.segmentId(), event.generation(), new ItemAssignmentIdentity(event.tenant(),
                event.segmentId(), event.generation(), event.type(), event.itemId()).assignmentKey());
    }

    @EventHandler
    void on(ItemUnassignedEvent event) {
        remove(event.tenant(), event.segmentId(), event.generation(), new ItemAssignmentIdentity(event.tenant(),
                event.segmentId(), event.generation(), event.type(), event.itemId()).assignmentKey());
    }

    private void add(String tenant, String segmentId, long generation, String key) {
        jdbc.update("insert into segment_assignment_registry (tenant, segment_id, generation, assignment_key) "
                + "values (?, ?, ?, ?) on conflict do nothing", tenant, segmentId, generation, key);
    }

    private void remove(String tenant, String segmentId, long generation, String key) {
        jdbc.update("delete from segment_assignment_registry where tenant = ? and segment_id = ? and generation = ? "
                + "and assignment_key = ?", tenant, segmentId, generation, key);
    }

    private static String key(String tenant, String segmentId, long generation, String customerId,
                              String legalEntityId) {
        return new CustomerAssignmentIdentity(tenant, segmentId, generation, customerId, legalEntityId).assignmentKey();
    }
}
