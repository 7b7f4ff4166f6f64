package dev.segments.app.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar segment-service.jar events [--bootstrap-servers=localhost:9092] [--topic=customer-segment.events]
 * [--tenant=acme] [--segment=gold] [--type=segment-created] [--from-beginning] [--idle-exit=SECONDS]}: follows the
 * integration event topic and prints each CloudEvent as one JSON line, as downstream systems receive it,
 * optionally only those of a tenant, a segment (the CloudEvent's {@code subject}) or a type (with or without the
 * {@code customer-segment.} prefix). Without {@code --from-beginning} it starts at the end of the topic. It runs
 * until stopped, or until no event came for {@code --idle-exit} seconds. The broker defaults to
 * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, else localhost:9092. Exits 0, or 2 when the topic cannot be read.
 */
final class EventsCommand {

    private EventsCommand() {
    }

    static int run(Options options, PrintStream out) {
        ch.qos.logback.classic.Logger kafkaLogs = kafkaLogs();
        Level before = kafkaLogs == null ? null : kafkaLogs.getLevel();
        if (kafkaLogs != null) {
            kafkaLogs.setLevel(Level.OFF);
        }
        try {
            return follow(options, out);
        } finally {
            if (kafkaLogs != null) {
                kafkaLogs.setLevel(before);
            }
        }
    }

    private static int follow(Options options, PrintStream out) {
        String bootstrap = options.get("bootstrap-servers",
                System.getenv().getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        String topic = options.get("topic", System.getenv().getOrDefault("SEGMENTS_EVENTS_TOPIC",
                "customer-segment.events"));
        Duration idleExit = options.get("idle-exit") == null ? null
                : Duration.ofSeconds(Long.parseLong(options.get("idle-exit")));
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "segment-service-events-cli-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.flag("from-beginning") ? "earliest" : "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            Instant lastSeen = Instant.now();
            while (idleExit == null || Instant.now().isBefore(lastSeen.plus(idleExit))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    lastSeen = Instant.now();
                    JsonNode event = parse(record.value());
                    if (event != null && matches(event, options)) {
                        out.println(OperatorClient.JSON.writeValueAsString(event));
                        out.flush();
                    }
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("Cannot read " + topic + " at " + bootstrap + ": " + e.getMessage());
            return 2;
        }
    }

    /** Whether an event passes the {@code --tenant}, {@code --segment} and {@code --type} filters given. */
    static boolean matches(JsonNode event, Options options) {
        String tenant = options.get("tenant");
        String segment = options.get("segment");
        String type = options.get("type");
        return (tenant == null || tenant.equals(event.path("tenant").asText())
                || ("/customer-segment/" + tenant).equals(event.path("source").asText()))
                && (segment == null || segment.equals(event.path("subject").asText()))
                && (type == null || type.equals(event.path("type").asText())
                || ("customer-segment." + type).equals(event.path("type").asText()));
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? null : OperatorClient.JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    /** Only the events go to standard output: the Kafka client's own logging is off while the command runs. */
    private static ch.qos.logback.classic.Logger kafkaLogs() {
        return LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger logger
                ? logger : null;
    }
}
