package dev.segments.query.processing;

import dev.segments.query.Projections;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The transactions of everything that writes read models (the projections' processors, rebuilds, repairs):
 * each names itself {@value Projections#APPLICATION_NAME} before its first write. Readers of the event store
 * wait for every open transaction that could still append events; these never do, so nobody waits for them.
 * Counted, a projection's batch held back every write that began after it for every other projection, and a
 * rebuild's batch for all of them. {@code SET LOCAL} ends with the transaction, before the pooled connection
 * serves anything else.
 */
@Component
public class ProjectionTransactions {

    private final TransactionManager manager;

    ProjectionTransactions(TransactionManager transactions, JdbcTemplate jdbc) {
        this.manager = () -> {
            Transaction transaction = transactions.startTransaction();
            try {
                jdbc.execute("set local application_name = '" + Projections.APPLICATION_NAME + "'");
            } catch (RuntimeException e) {
                transaction.rollback();
                throw e;
            }
            return transaction;
        };
    }

    /** Transactions named as above; not a bean of its own type, which would compete with Axon's. */
    public TransactionManager manager() {
        return manager;
    }
}
