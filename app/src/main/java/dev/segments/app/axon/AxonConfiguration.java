package dev.segments.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.segments.events.AuditMetadata;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jpa.TokenEntry;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Axon on PostgreSQL without Axon Server: a JPA event store (bytea payloads, one-by-one global index, see
 * {@code orm.xml} and the Flyway migrations), Jackson for everything stored, tracking processors that stop
 * on errors instead of skipping events, and audit metadata copied from commands onto their events.
 */
@Configuration
// Listing packages here replaces Spring Boot's default entity packages, through which Axon registers its own:
// name the two Axon needs (no sagas, no dead-letter queue in this service).
@EntityScan(basePackageClasses = {DomainEventEntry.class, TokenEntry.class})
class AxonConfiguration {

    /**
     * The stored event format. Kept apart from the web mapper so that changing how the API renders JSON can
     * never change, or break reading, what is already in the event store.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
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

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager) {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
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

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
