package dev.segments.query.reference.upstream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The upstream reference topic: where to read, as which consumer group, with how many consumers, where poison
 * messages go, and how long a transient failure (the database down) is retried between attempts at most.
 */
@ConfigurationProperties("segments.reference")
record ReferenceTopicProperties(String topic, String deadLetterTopic, String groupId, int concurrency,
                                Duration maxRetryInterval) {

    ReferenceTopicProperties {
        topic = topic == null || topic.isBlank() ? "customer-segment.reference" : topic;
        deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? topic + ".dlq" : deadLetterTopic;
        groupId = groupId == null || groupId.isBlank() ? "customer-segment-reference" : groupId;
        concurrency = concurrency < 1 ? 1 : concurrency;
        maxRetryInterval = maxRetryInterval == null ? Duration.ofSeconds(30) : maxRetryInterval;
    }
}
