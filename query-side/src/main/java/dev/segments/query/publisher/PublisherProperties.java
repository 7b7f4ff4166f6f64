package dev.segments.query.publisher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how integration events are published: the topic (created with {@code partitions} and a message size
 * limit that fits the largest segment the API accepts, when it does not exist yet), and the producer's delivery
 * bound, which must stay below the token claim timeout so that a batch waiting for its acknowledgements never
 * outlives its claim on the publisher's token. The publisher has a small connection pool of its own.
 */
@ConfigurationProperties("segments.events")
public record PublisherProperties(String topic, int partitions, int maxMessageBytes, Duration deliveryTimeout,
                                  int fanOutPageSize, int poolSize, int batchSize) {

    public PublisherProperties {
        topic = topic == null || topic.isBlank() ? "customer-segment.events" : topic;
        partitions = partitions <= 0 ? 3 : partitions;
        maxMessageBytes = maxMessageBytes <= 0 ? 16 * 1024 * 1024 : maxMessageBytes;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(5) : deliveryTimeout;
        fanOutPageSize = fanOutPageSize <= 0 ? 1000 : fanOutPageSize;
        poolSize = poolSize <= 0 ? 2 : poolSize;
        batchSize = batchSize <= 0 ? 2000 : batchSize;
    }
}
