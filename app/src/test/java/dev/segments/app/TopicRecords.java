package dev.segments.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Everything published on a topic, as a downstream consumer sees it: a consumer of its own reads the topic from
 * the beginning on a background thread and keeps every record, duplicates included, in the order it received
 * them (per partition, Kafka's order).
 */
final class TopicRecords implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: key, partition, offset, its content-type header and its CloudEvent. */
    record Received(String key, int partition, long offset, String contentType, JsonNode event) {

        String id() {
            return event.path("id").asText();
        }

        String type() {
            return event.path("type").asText();
        }

        JsonNode data() {
            return event.path("data");
        }

        String tenant() {
            return event.path("tenant").asText();
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    TopicRecords(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        poller = new Thread(this::poll, "topic-records");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header contentType = record.headers().lastHeader("content-type");
                    Received one = new Received(record.key(), record.partition(), record.offset(),
                            contentType == null ? null : new String(contentType.value(), StandardCharsets.UTF_8),
                            parse(record.value()));
                    synchronized (received) {
                        received.add(one);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything received so far, in order of arrival. */
    List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Everything received so far that matches. */
    List<Received> matching(Predicate<Received> filter) {
        return all().stream().filter(filter).toList();
    }

    /** Waits (bounded) until a record matching the filter has arrived, and returns the first one. */
    Received await(Predicate<Received> filter, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> !matching(filter).isEmpty());
        return matching(filter).get(0);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
