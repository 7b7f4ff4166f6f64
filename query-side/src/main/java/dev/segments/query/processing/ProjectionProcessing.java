package dev.segments.query.processing;

import dev.segments.query.DatabaseFailures;
import dev.segments.query.Projections;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * How the projections' tracking processors treat an event they cannot apply: its segment's sequence is parked
 * in the JDBC dead-letter queue ({@code dead_letter_entry}) and every other segment and tenant flows on. A
 * failure of the database itself (connection lost, lock or statement past its bound) is no reason to park a
 * good event: it fails the batch, which Axon retries with back-off until the database is back.
 */
@Configuration
class ProjectionProcessing {

    static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    /** Parks what cannot be applied; rethrows what a retry can cure, so that it is retried rather than parked. */
    static final EnqueuePolicy<EventMessage<?>> PARK_UNLESS_TRANSIENT = (letter, cause) -> {
        if (DatabaseFailures.isTransient(cause, true)) {
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        return Decisions.enqueue(ThrowableCause.truncated(cause));
    };

    /**
     * Transactions for retrying parked events: each letter in a savepoint of the retry's transaction, so a letter
     * that fails again is rolled back alone and put back in the queue. (Axon's Spring transaction manager leaves
     * a savepoint alone, as it is no new transaction; the failed statement would then abort the whole retry.)
     */
    static TransactionManager savepoints(PlatformTransactionManager transactions) {
        DefaultTransactionDefinition nested = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
        return () -> {
            TransactionStatus status = transactions.getTransaction(nested);
            return new Transaction() {
                @Override
                public void commit() {
                    if (!status.isCompleted()) {
                        transactions.commit(status);
                    }
                }

                @Override
                public void rollback() {
                    if (!status.isCompleted()) {
                        transactions.rollback(status);
                    }
                }
            };
        };
    }

    @Bean
    ConfigurerModule projectionProcessors(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          ProjectionTransactions projectionTransactions,
                                          PlatformTransactionManager platformTransactionManager,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          @Qualifier("serializer") Serializer serializer, BatchIsolation isolation,
                                          @Value("${segments.dead-letters.max-sequences:100000}") int maxSequences,
                                          @Value("${segments.dead-letters.max-sequence-size:1000000}")
                                          int maxSequenceSize) {
        TransactionManager retryTransactions = savepoints(platformTransactionManager);
        return configurer -> Projections.ALL.forEach(group -> configurer.eventProcessing()
                .registerTransactionManager(group, config -> projectionTransactions.manager())
                .registerSequencingPolicy(group, config -> new SegmentSequencingPolicy(Projections.SOURCES.get(group)))
                .registerDeadLetterQueue(group, config -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(group)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .schema(SCHEMA)
                        .genericSerializer(serializer)
                        .eventSerializer(eventSerializer)
                        .maxSequences(maxSequences)
                        .maxSequenceSize(maxSequenceSize)
                        .claimDuration(Duration.ofSeconds(30))
                        .build())
                .registerDeadLetterPolicy(group, config -> PARK_UNLESS_TRANSIENT)
                .registerDeadLetteringEventHandlerInvokerConfiguration(group, (config, invoker) -> invoker
                        .enableSequenceIdentifierCache()
                        .allowReset(true)
                        .transactionManager(retryTransactions))
                .registerHandlerInterceptor(group, config -> isolation.batchInterceptor(group)));
    }
}
