// The raw Kafka rate next to the service's catch-up: COUNT pre-built messages of SIZE bytes (CloudEvent-shaped
// JSON, keys over 1,000 segments) sent with the publisher's producer settings (idempotent, acks=all, linger 5 ms,
// 5 in flight), in batches of BATCH whose acknowledgements are awaited before the next batch, as the publisher
// awaits each of its batches. Prints "sent=N seconds=S rate=R" on one line.
// Run: java -cp "<kafka-clients and deps>" RawProducer.java BOOTSTRAP TOPIC COUNT SIZE BATCH
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class RawProducer {
    public static void main(String[] a) throws Exception {
        try {
            run(a);
        } catch (java.util.concurrent.ExecutionException e) {
            // said plainly: the source launcher fails on the short stack trace of an exception from another thread
            System.err.println("raw producer: a send failed: " + e.getCause());
            System.exit(1);
        }
    }

    private static void run(String[] a) throws Exception {
        String bootstrap = a[0];
        String topic = a[1];
        int count = Integer.parseInt(a[2]);
        int size = Integer.parseInt(a[3]);
        int batch = Integer.parseInt(a[4]);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2500);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2500);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder value = new StringBuilder("{\"specversion\":\"1.0\",\"id\":\"")
                    .append(java.util.UUID.randomUUID()).append("\",\"data\":\"");
            while (value.length() < size - 2) {
                value.append('x');
            }
            value.append("\"}");
            records.add(new ProducerRecord<>(topic, "acme:seg" + (i % 1000),
                    value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            List<Future<?>> pending = new ArrayList<>(batch);
            for (ProducerRecord<String, byte[]> record : records) {
                pending.add(producer.send(record));
                if (pending.size() == batch) {
                    for (Future<?> f : pending) {
                        f.get();
                    }
                    pending.clear();
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "sent=%d seconds=%.3f rate=%.0f%n", count, seconds, count / seconds);
        }
    }
}
