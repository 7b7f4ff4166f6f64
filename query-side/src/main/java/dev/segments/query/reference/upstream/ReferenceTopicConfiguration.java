package dev.segments.query.reference.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.query.DatabaseFailures;
import dev.segments.query.publisher.EventPublishing;
import dev.segments.query.reference.CatalogReferences;
import dev.segments.query.reference.CustomerReferences;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The replica's consumer of the upstream reference topic, present when a broker is configured (and
 * {@code segments.reference.enabled} is not false). Poison messages go to the dead-letter topic at once, with the
 * original key and value and a {@code reason} header; a transient failure (the database down or busy) is retried
 * with back-off for as long as it lasts, so a good message is never dead-lettered; anything else unexpected is
 * retried three times, then dead-lettered. Offsets are committed after a message was applied or dead-lettered.
 */
@Configuration
@Conditional(EventPublishing.Configured.class)
@ConditionalOnProperty(name = "segments.reference.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReferenceTopicProperties.class)
class ReferenceTopicConfiguration {

    static final String REASON = "reason";

    @Bean
    ReferenceMessages referenceMessages(CustomerReferences customers, CatalogReferences catalog, ObjectMapper mapper,
                                        Validator validator) {
        return new ReferenceMessages(customers, catalog, mapper, validator);
    }

    @Bean
    ReferenceMetrics referenceMetrics(MeterRegistry registry) {
        return new ReferenceMetrics(registry);
    }

    @Bean
    ReferenceTopicListener referenceTopicListener(ReferenceMessages messages, ObjectMapper mapper,
                                                  ReferenceMetrics metrics) {
        return new ReferenceTopicListener(messages, mapper, metrics);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> referenceListenerContainerFactory(
            KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, ReferenceTopicProperties properties,
            ReferenceMetrics metrics, MeterRegistry registry) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties(sslBundles.getIfAvailable()));
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // the original bytes, whatever they are, so that a poison message reaches the dead-letter topic unchanged
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new consumer group (a new deployment) reads the topic from its beginning: that bootstraps the replica
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumer);
        // records-lag and friends, per client, as kafka.consumer.* meters
        consumers.addListener(new MicrometerConsumerListener<>(registry));

        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties(sslBundles.getIfAvailable()));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "segment-service-reference-dlq");
        KafkaTemplate<String, byte[]> deadLetters = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));

        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetters,
                (record, failure) -> new TopicPartition(properties.deadLetterTopic(), -1));
        recoverer.setHeadersFunction((record, failure) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON, reason(failure).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        DefaultErrorHandler errors = new DefaultErrorHandler((record, failure) -> {
            recoverer.accept(record, failure);
            metrics.count(typeOf(record.value()), "dead-lettered");
        }, new FixedBackOff(1_000, 3));
        errors.addNotRetryableExceptions(PoisonMessageException.class);
        errors.setBackOffFunction((record, failure) -> DatabaseFailures.isTransient(failure, true)
                ? transientBackOff(properties) : null);
        errors.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setCommonErrorHandler(errors);
        factory.setConcurrency(properties.concurrency());
        return factory;
    }

    /** The dead-letter topic, created at start when missing. */
    @Bean
    NewTopic referenceDeadLetterTopic(ReferenceTopicProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).build();
    }

    /** Retries without end: the message is good, the database will come back. */
    private static ExponentialBackOff transientBackOff(ReferenceTopicProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(properties.maxRetryInterval().toMillis());
        return backOff;
    }

    /** The reason a message was dead-lettered: the poison's own words, or what failed. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonMessageException poison) {
                return poison.getMessage();
            }
            root = cause;
        }
        return "could not be applied: " + root;
    }

    /** The message's type for the metric, when it has one the replica knows. */
    private static String typeOf(Object value) {
        if (value instanceof byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (ReferenceType type : ReferenceType.values()) {
                if (text.contains("\"" + type.type() + "\"")) {
                    return type.tag();
                }
            }
        }
        return "unknown";
    }
}
