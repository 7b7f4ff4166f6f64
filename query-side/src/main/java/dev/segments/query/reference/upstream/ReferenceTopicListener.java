package dev.segments.query.reference.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segments.query.reference.ReferenceOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Applies each message of the upstream reference topic to the replica, in partition order (the key
 * {@code tenant:id} keeps one row's changes in one partition). Counts what it applied, what it ignored as older
 * than the replica, and (through the error handler) what it dead-lettered, per type.
 */
class ReferenceTopicListener {

    private final ReferenceMessages messages;
    private final ObjectMapper mapper;
    private final ReferenceMetrics metrics;

    ReferenceTopicListener(ReferenceMessages messages, ObjectMapper mapper, ReferenceMetrics metrics) {
        this.messages = messages;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @KafkaListener(id = "reference-replica", idIsGroup = false, topics = "${segments.reference.topic:customer-segment.reference}",
            containerFactory = "referenceListenerContainerFactory",
            concurrency = "${segments.reference.concurrency:1}")
    void on(ConsumerRecord<String, byte[]> record) {
        ReferenceMessage message = ReferenceMessage.parse(record.value(), mapper);
        ReferenceOutcome outcome = messages.apply(message);
        metrics.count(message.type().tag(), outcome == ReferenceOutcome.STALE ? "stale" : "applied");
    }
}
