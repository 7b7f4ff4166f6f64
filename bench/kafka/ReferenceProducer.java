// Upstream reference messages for the reference group: COUNT CloudEvents on TOPIC for TENANT, category upserts
// (CATEGORIES categories in a tree ten wide, each upserted again and again) and product placements mixed, one in
// five a category upsert, every message newer than the one before (so none is stale), keys {tenant}:{id}.
// Prints "sent=N categoryUpserts=C placements=P seconds=S" on one line.
// Run: java -cp "<kafka-clients and deps>" ReferenceProducer.java BOOTSTRAP TOPIC TENANT COUNT CATEGORIES
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class ReferenceProducer {
    public static void main(String[] a) throws Exception {
        String bootstrap = a[0];
        String topic = a[1];
        String tenant = a[2];
        int count = Integer.parseInt(a[3]);
        int categories = Integer.parseInt(a[4]);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        int categoryUpserts = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String time = base.plusMillis(i).toString();
                String key;
                String type;
                String data;
                if (i % 5 == 0) {
                    int c = (i / 5) % categories;
                    key = "cat" + c;
                    type = "reference.category-upserted";
                    data = "{\"id\":\"cat" + c + "\"" + (c >= 10 ? ",\"parentId\":\"cat" + (c / 10) + "\"" : "")
                            + ",\"code\":\"C" + c + "\",\"name\":{\"en\":\"Category " + c + "\",\"de\":\"Kategorie " + c
                            + "\"},\"position\":" + (c % 10) + ",\"published\":true}";
                    categoryUpserts++;
                } else {
                    int c = i % categories;
                    key = "p" + i;
                    type = "reference.product-placed";
                    data = "{\"categoryId\":\"cat" + c + "\",\"productId\":\"p" + i + "\"}";
                }
                String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/catalog\","
                        + "\"type\":\"" + type + "\",\"time\":\"" + time + "\",\"tenant\":\"" + tenant
                        + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
                pending.add(producer.send(new ProducerRecord<>(topic, tenant + ":" + key,
                        event.getBytes(StandardCharsets.UTF_8))));
                if (pending.size() == 5_000) {
                    for (Future<?> f : pending) {
                        f.get();
                    }
                    pending.clear();
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "sent=%d categoryUpserts=%d placements=%d seconds=%.3f%n", count,
                categoryUpserts, count - categoryUpserts, (System.nanoTime() - start) / 1e9);
    }
}
