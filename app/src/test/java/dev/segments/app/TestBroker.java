package dev.segments.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft) inside the test JVM, from spring-kafka-test. {@link #shared()} is started once for
 * the tests that only publish; a test that plays an outage makes its own and stops and starts it again on the same
 * port ({@link #stop()}, {@link #start()}): the restarted broker comes back empty, like a broker whose log was lost,
 * which a publisher must survive too.
 */
final class TestBroker {

    private static TestBroker shared;

    private final int port;
    private EmbeddedKafkaKraftBroker broker;

    private TestBroker(int port) {
        this.port = port;
    }

    static synchronized TestBroker shared() {
        if (shared == null) {
            shared = new TestBroker(freePort());
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    static TestBroker own() {
        TestBroker own = new TestBroker(freePort());
        own.start();
        return own;
    }

    synchronized void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        // a fixed client port, so that a restarted broker is found where the service looks (kafkaPorts is not
        // applied to KRaft brokers by this spring-kafka-test version)
        broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        // by default the broker publishes itself as the system property spring.kafka.bootstrap-servers, which every
        // service started later in this JVM would then publish to: only the nodes given publishing() may
        broker.brokerListProperty("segments.test.kafka.brokers");
        broker.afterPropertiesSet();
    }

    synchronized void stop() {
        if (broker != null) {
            broker.destroy();
            broker = null;
        }
    }

    /** The bootstrap servers, also while the broker is stopped (the port stays the same). */
    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The settings that make a service node publish to this broker on {@code topic}. */
    String[] publishing(String topic) {
        return new String[] {"spring.kafka.bootstrap-servers=" + bootstrapServers(), "segments.events.topic=" + topic};
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
