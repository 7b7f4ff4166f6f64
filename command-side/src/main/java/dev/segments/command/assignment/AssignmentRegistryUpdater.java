package dev.segments.command.assignment;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemUnassignedEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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

    private static final String ADD = "insert into segment_assignment_registry (tenant, segment_id, generation, "
            + "assignment_key) values (?, ?, ?, ?) on conflict do nothing";
    private static final String REMOVE = "delete from segment_assignment_registry where tenant = ? and segment_id = ? "
            + "and generation = ? and assignment_key = ?";
    private static final String STAGED = AssignmentRegistryUpdater.class.getName() + ".staged";

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
        stage(ADD, tenant, segmentId, generation, key);
    }

    private void remove(String tenant, String segmentId, long generation, String key) {
        stage(REMOVE, tenant, segmentId, generation, key);
    }

    /**
     * Collects the batch's rows and writes them when the batch's unit of work commits, as JDBC batches: a
     * bulk request hands this processor 200 events at once, and a round trip per row was a third of its
     * cost. The batch commits inside the command's unit of work, so the rows still land in the command's
     * transaction, in event order, and a failure still fails the command.
     */
    private void stage(String statement, Object... row) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.getOrComputeResource(STAGED, key -> {
            List<Staged> staged = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> write(staged));
            return staged;
        }).add(new Staged(statement, row));
    }

    private void write(List<Staged> staged) {
        int from = 0;
        while (from < staged.size()) {
            String statement = staged.get(from).statement();
            int to = from;
            List<Object[]> rows = new ArrayList<>();
            while (to < staged.size() && staged.get(to).statement().equals(statement)) {
                rows.add(staged.get(to++).row());
            }
            jdbc.batchUpdate(statement, rows);
            from = to;
        }
    }

    private record Staged(String statement, Object[] row) {
    }

    private static String key(String tenant, String segmentId, long generation, String customerId,
                              String legalEntityId) {
        return new CustomerAssignmentIdentity(tenant, segmentId, generation, customerId, legalEntityId).assignmentKey();
    }
}
