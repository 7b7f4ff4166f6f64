package dev.segments.query.processing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the one event of a batch that a projection cannot apply, so that the dead-letter queue can park it
 * alone. A projection writes a batch's rows when the batch commits, and PostgreSQL aborts a transaction at
 * its first failed statement: as it comes, a bad event fails the whole batch, and nothing can be parked in the
 * aborted transaction. So after a batch of a processor fails, its next batch (which starts with the same
 * events) runs isolated: each event's writes are flushed inside a savepoint of their own, and an event whose
 * writes fail is rolled back to its savepoint alone and handed to the dead-letter queue in a transaction that
 * is still good. The batch after a successful isolated one runs normally again, so the savepoints cost
 * nothing while all is well.
 */
@Component
public class BatchIsolation {

    private static final Logger log = LoggerFactory.getLogger(BatchIsolation.class);
    private static final String ISOLATED = BatchIsolation.class.getName() + ".isolated";
    private static final String SAVEPOINT = "projection_event";

    private final Set<String> failedProcessors = ConcurrentHashMap.newKeySet();
    private final ProjectionWriter writer;

    public BatchIsolation(ProjectionWriter writer) {
        this.writer = writer;
    }

    /** The processor-level interceptor that notes, per batch, whether it runs isolated. */
    MessageHandlerInterceptor<EventMessage<?>> batchInterceptor(String processor) {
        return (unitOfWork, chain) -> {
            unitOfWork.getOrComputeResource(ISOLATED, key -> {
                boolean isolated = failedProcessors.contains(processor);
                unitOfWork.onRollback(rolledBack -> {
                    if (failedProcessors.add(processor)) {
                        log.warn("A batch of {} failed; its next batch runs one savepoint per event to find the "
                                + "event that cannot be applied", processor);
                    }
                });
                if (isolated) {
                    unitOfWork.afterCommit(committed -> failedProcessors.remove(processor));
                }
                return isolated;
            });
            return chain.proceed();
        };
    }

    /** Runs one projection handler: as is, or in a batch that runs isolated, inside a savepoint of its own. */
    public Object handle(InterceptorChain chain) throws Exception {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
        if (unitOfWork == null || !Boolean.TRUE.equals(unitOfWork.getResource(ISOLATED))) {
            return chain.proceed();
        }
        JdbcTemplate jdbc = writer.jdbc();
        jdbc.execute("savepoint " + SAVEPOINT);
        try {
            Object result = chain.proceed();
            writer.flush();
            jdbc.execute("release savepoint " + SAVEPOINT);
            return result;
        } catch (Exception e) {
            // the failed writes are gone with the savepoint; so must be what the batch still holds of them
            writer.discard();
            jdbc.execute("rollback to savepoint " + SAVEPOINT);
            throw e;
        }
    }
}
