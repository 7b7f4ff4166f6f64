package dev.segments.query.publisher;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The publisher's Kafka side, present only when a broker is configured. Its producer is its own (not Spring
 * Boot's default template): idempotent, {@code acks=all}, and every wait bounded by the delivery timeout, so a
 * broker outage fails a batch well within the claim on the publisher's token; values are CloudEvents in
 * structured JSON mode ({@code content-type: application/cloudevents+json}). Other {@code spring.kafka.producer.*}
 * settings (security, compression) still apply.
 */
@Configuration
@Conditional(EventPublishing.Configured.class)
@EnableConfigurationProperties(PublisherProperties.class)
class PublisherConfiguration {

    /** The publisher's own connections, token store and transactions (see {@link PublisherDatabase}). */
    @Bean
    PublisherDatabase publisherDatabase(DataSourceProperties dataSource, Environment environment,
                                        PublisherProperties properties) {
        return new PublisherDatabase(dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword(),
                environment.getProperty("spring.datasource.hikari.data-source-properties.options"),
                properties.poolSize());
    }

    @Bean
    ConfigurerModule publisherProcessing(PublisherDatabase database, @Qualifier("serializer") Serializer serializer,
                                         PublisherProperties properties,
                                         @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        TokenStore tokens = database.tokenStore(serializer, claimTimeout);
        return configurer -> configurer.eventProcessing()
                .registerTokenStore(EventPublishing.PROCESSING_GROUP, config -> tokens)
                .registerTransactionManager(EventPublishing.PROCESSING_GROUP, config -> database.transactionManager())
                // one thread, so events go out in store order; a new publisher starts at the beginning of the store
                .registerTrackingEventProcessorConfiguration(EventPublishing.PROCESSING_GROUP, config ->
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.batchSize())
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken));
    }

    @Bean
    DefaultKafkaProducerFactory<String, CloudEvent> integrationEventProducerFactory(
            KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, PublisherProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(sslBundles.getIfAvailable()));
        long delivery = properties.deliveryTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery / 2);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.maxMessageBytes());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "segment-service-publisher");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        config.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED);
        config.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        DefaultKafkaProducerFactory<String, CloudEvent> factory = new DefaultKafkaProducerFactory<>(config);
        // a failed batch replaces the producer: closing the old one must not hold up the retry
        factory.setPhysicalCloseTimeout(1);
        return factory;
    }

    @Bean
    KafkaTemplate<String, CloudEvent> integrationEventTemplate(
            DefaultKafkaProducerFactory<String, CloudEvent> integrationEventProducerFactory) {
        return new KafkaTemplate<>(integrationEventProducerFactory);
    }

    /**
     * The topic, created at start when missing (Spring's KafkaAdmin; an unreachable broker only logs). Its message
     * size limit fits the largest segment the API accepts (a broker's default of 1 MB does not).
     */
    @Bean
    NewTopic integrationEventTopic(PublisherProperties properties) {
        return TopicBuilder.name(properties.topic())
                .partitions(properties.partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(properties.maxMessageBytes()))
                .build();
    }
}
