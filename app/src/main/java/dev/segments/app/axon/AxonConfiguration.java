package dev.segments.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.segments.events.AuditMetadata;
import dev.segments.query.rebuild.RebuildEventSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Axon on PostgreSQL without Axon Server: a JDBC event store and token store on Flyway's tables (bytea
 * payloads, one-by-one global index), Jackson for everything stored, tracking processors that stop
 * on errors instead of skipping events, and audit metadata copied from commands onto their events.
 */
@Configuration
class AxonConfiguration {

    /**
     * The stored event format. Kept apart from the web mapper so that changing how the API renders JSON can
     * never change, or break reading, what is already in the event store.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return JsonMapper.builder()
                // the modules the service ships, named rather than found on the classpath: a module that comes
                // with some other jar (Kafka's broker brings Scala's into the tests) must not change what events
                // read back as (Scala's replaced how nested mixin maps deserialize)
                .addModules(new Jdk8Module(), new JavaTimeModule(), new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // mixins' numbers stay exact decimals, as the API received them and jsonb stores them
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** The web layer's mapper, built from Spring Boot's {@code spring.jackson.*} settings. */
    @Bean
    @Primary
    ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer webJson() {
        return builder -> builder.featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * A failed append is a concurrent writer's win when PostgreSQL reports a unique violation (SQLState 23505)
     * anywhere in the cause chain; Axon then reports it as a concurrency conflict, which the sender retries.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    return true;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return false;
        };
    }

    /** Where Axon takes its connections: the Spring-managed one of the surrounding transaction. */
    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Axon's JDBC engine on the Flyway-owned tables (snake_case names, bytea payloads, global index from a
     * one-by-one sequence). Plain JDBC rather than JPA: appending and reading events went through a Hibernate
     * session that cost more than the statements themselves. No snapshots are ever taken (aggregates stay
     * small and commands never load membership), so loading an aggregate does not ask for one.
     *
     * <p>The engine's own transaction manager only wraps reads: processors fetching the stream, and aggregate
     * loads, which already run inside the command's transaction and keep using its connection. A fetch is a
     * single statement over bytea columns, so it needs no transaction of its own; with Spring's it paid for
     * a JPA EntityManager, a BEGIN and a COMMIT on every poll.
     *
     * <p>Processors read only what transactions older than every open one appended ({@link
     * PostgresEventStatements}), so a gap left by an open transaction stays near the head; the gap timeout and
     * offset are far above what a bounded command transaction can outlive, so no such gap is given up.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          @Value("${segments.event-store.gap-timeout:10m}") Duration gapTimeout,
                                          @Value("${segments.event-store.max-gap-offset:100000}") int maxGapOffset) {
        return engine(JdbcEventStorageEngine.builder(), serializer, eventSerializer, persistenceExceptionResolver,
                configuration, connectionProvider, gapTimeout, maxGapOffset);
    }

    /**
     * What a projection rebuild reads: the same engine, statements and tokens as the processors', fetching a
     * rebuild batch of events per query instead of the engine's default hundred. Not an engine bean of its own,
     * so the event store and everything else keep finding exactly one.
     */
    @Bean
    RebuildEventSource rebuildEventSource(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          @Value("${segments.event-store.gap-timeout:10m}") Duration gapTimeout,
                                          @Value("${segments.event-store.max-gap-offset:100000}") int maxGapOffset,
                                          @Value("${segments.rebuild.batch-size:5000}") int batchSize) {
        EventStorageEngine engine = engine(JdbcEventStorageEngine.builder().batchSize(batchSize), serializer,
                eventSerializer, persistenceExceptionResolver, configuration, connectionProvider, gapTimeout,
                maxGapOffset);
        return token -> engine.readEvents(token, false);
    }

    private static EventStorageEngine engine(JdbcEventStorageEngine.Builder builder, Serializer serializer,
                                             Serializer eventSerializer,
                                             PersistenceExceptionResolver persistenceExceptionResolver,
                                             org.axonframework.config.Configuration configuration,
                                             ConnectionProvider connectionProvider, Duration gapTimeout,
                                             int maxGapOffset) {
        builder.snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(NoTransactionManager.INSTANCE)
                .dataType(byte[].class)
                .schema(EVENT_SCHEMA)
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                .maxGapOffset(maxGapOffset)
                .readEventDataWithoutGaps(PostgresEventStatements::readEventDataWithoutGaps)
                .readEventDataWithGaps(PostgresEventStatements::readEventDataWithGaps);
        return new JdbcEventStorageEngine(builder) {
            @Override
            protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                return Stream.empty();
            }
        };
    }

    private static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /** Processor positions in {@code token_entry}, through plain JDBC like the event store. */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .contentType(byte[].class)
                .claimTimeout(claimTimeout)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    /**
     * Processors in this JVM are woken as soon as a local append commits; events appended by other nodes
     * are found by polling, every {@code segments.event-store.fetch-delay} instead of Axon's 1 s default, so
     * that a query node sees another node's writes quickly.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  @Value("${segments.event-store.fetch-delay:25ms}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .build();
    }

    /**
     * Copies tenant, caller and the HTTP correlation id from each command to the events it causes. It
     * replaces Axon's MessageOriginProvider, which would overwrite the correlation id with the command's
     * message id.
     */
    @Bean
    CorrelationDataProvider auditCorrelation() {
        return new SimpleCorrelationDataProvider(AuditMetadata.TENANT, AuditMetadata.CALLER,
                AuditMetadata.CORRELATION_ID);
    }

    /**
     * Projections are tracking processors: they start from the beginning of the store when they have no
     * token yet (a new projection must see all history) and propagate handler errors, so the batch rolls back
     * and is retried with back-off instead of the event being logged and skipped for good. Not pooled
     * streaming processors: on an embedded event store their coordinator cannot be woken by new events (the
     * stream has no availability callback) and polls every 500 ms when idle, which every write's
     * read-your-writes wait would pay; a tracking processor blocks on the stream and wakes at once.
     */
    @Bean
    ConfigurerModule eventProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(config -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance()));
    }

    /**
     * Axon's query bus, except that it opens no transaction around a query: every query handler reads with
     * plain JDBC statements, so a transaction would only add a JPA EntityManager and two round trips.
     */
    @Bean
    SimpleQueryBus queryBus(org.axonframework.config.Configuration configuration) {
        return SimpleQueryBus.builder()
                .messageMonitor(configuration.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.INSTANCE)
                .errorHandler(configuration.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(configuration.getComponent(QueryUpdateEmitter.class))
                .spanFactory(configuration.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
