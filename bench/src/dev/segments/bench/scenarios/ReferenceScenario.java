package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.ServiceInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Group {@code reference} (issue 15): how fast the replica applies upstream reference messages from Kafka. {@link
 * #MESSAGES} CloudEvents (one in five a category upsert over {@link #CATEGORIES} categories in a tree, the rest
 * product placements; every message newer than the one before, so none is stale) are put on a fresh topic first
 * ({@code bench/kafka/ReferenceProducer.java}); then a service instance of the group's own (both roles, its own
 * database {@code <db>_reference}, the broker run.sh started) consumes them from the beginning. The rate counts from
 * the first applied message to the last (the service's {@code segments_reference_messages_total}, polled every
 * 100 ms), next to the raw rate of the same changes as plain SQL upserts in {@code segments_bench_raw}: one
 * transaction per message on one connection (the consumer applies one message per transaction on one thread),
 * the category upsert with its advisory lock and parent lookup, the placement as an insert. Target: >= 30%.
 */
public final class ReferenceScenario implements Scenario {

    static final int MESSAGES = Env.intValue("SEGMENTS_BENCH_REFERENCE_MESSAGES", 100_000);
    static final int CATEGORIES = Env.intValue("SEGMENTS_BENCH_REFERENCE_CATEGORIES", 1_000);

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String settings() {
        return "reference: " + MESSAGES + " upstream messages (1 in 5 a category upsert over " + CATEGORIES
                + " categories, the rest placements)";
    }

    @Override
    public void run(Context ctx) throws Exception {
        String kafkaPort = System.getenv("BENCH_KAFKA_PORT");
        String jar = System.getenv("BENCH_JAR");
        String results = System.getenv("BENCH_RESULTS");
        String producerSource = System.getenv("BENCH_REFERENCE_PRODUCER");
        if (kafkaPort == null || jar == null || producerSource == null) {
            throw new IllegalStateException("run the reference group through bench/run.sh (it starts the broker)");
        }
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String topic = "bench-reference-" + ctx.runId();
        String tenant = ctx.tenant();
        String database = ctx.svcJdbc() + "_reference";
        String admin = database.substring(0, database.lastIndexOf('/') + 1) + "postgres";
        String dbName = database.substring(database.lastIndexOf('/') + 1);
        Jdbc.execute(admin, "drop database if exists " + dbName + " with (force)", "create database " + dbName);

        log("== reference: producing " + MESSAGES + " upstream messages to " + topic);
        // kafka-ctl.sh's client jars (the same the events group's raw producer runs with)
        String lib = System.getenv().getOrDefault("BARS_KAFKA_LIB", System.getProperty("user.home")
                + "/.cache/bars-kafka/lib");
        Process producer = new ProcessBuilder("java", "-cp", lib + "/*", producerSource, bootstrap, topic, tenant, String.valueOf(MESSAGES), String.valueOf(CATEGORIES))
                .redirectErrorStream(true).start();
        String produced;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(producer.getInputStream(),
                StandardCharsets.UTF_8))) {
            produced = out.lines().filter(line -> line.startsWith("sent=")).findFirst().orElse("");
        }
        if (producer.waitFor() != 0 || produced.isEmpty()) {
            throw new IllegalStateException("ReferenceProducer failed");
        }
        log("reference: " + produced);

        double[] service;
        try (ServiceInstance instance = ServiceInstance.start(jar, database, bootstrap,
                results + "/reference-service.log", Map.of("SEGMENTS_REFERENCE_TOPIC", topic,
                        "SEGMENTS_REFERENCE_GROUP_ID", "bench-" + ctx.runId()))) {
            service = applyRate(instance.base);
        }
        log(String.format(Locale.ROOT, "reference: service applied %.0f messages in %.2f s = %.0f/s", service[0],
                service[1], service[0] / service[1]));

        double rawSeconds = raw(ctx.rawJdbc(), tenant);
        log(String.format(Locale.ROOT, "reference: raw upserts %d in %.2f s = %.0f/s", MESSAGES, rawSeconds,
                MESSAGES / rawSeconds));

        Result svc = rate("replica apply", (long) service[0], service[1]);
        Result raw = rate("raw upserts", MESSAGES, rawSeconds);
        double share = service[0] / service[1] / (MESSAGES / rawSeconds);
        ctx.report().row("R1 reference", "apply " + MESSAGES + " upstream messages from Kafka (category upserts "
                        + "and placements) vs the same upserts in SQL, one transaction each", svc, raw,
                String.format(Locale.ROOT, "%.0f%% thr", share * 100), ">= 30%", share >= 0.30 ? "yes" : "**NO**");
    }

    /** Messages and seconds from the first applied message to the last, by the service's own counter. */
    private static double[] applyRate(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long first = 0;
        double count = 0;
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (count < MESSAGES) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica applied only " + count + " messages in 30 minutes");
            }
            String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            count = scrape.lines().filter(line -> line.startsWith("segments_reference_messages_total{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            if (count > 0 && first == 0) {
                first = System.nanoTime();
            }
            Thread.sleep(100);
        }
        return new double[] {count, (System.nanoTime() - first) / 1e9};
    }

    /** The same changes as plain SQL, in the same order, one transaction per message, on one connection. */
    private static double raw(String rawJdbc, String tenant) throws Exception {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (Connection c = Jdbc.connect(rawJdbc);
             PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))");
             PreparedStatement parent = c.prepareStatement("select parent_id from category_reference "
                     + "where tenant = ? and category_id = ?");
             PreparedStatement category = c.prepareStatement("insert into category_reference (tenant, category_id, "
                     + "parent_id, code, name, position, published, source_time) values (?, ?, ?, ?, cast(? as jsonb), "
                     + "?, true, ?) on conflict (tenant, category_id) do update set parent_id = excluded.parent_id, "
                     + "code = excluded.code, name = excluded.name, position = excluded.position, published = "
                     + "excluded.published, source_time = excluded.source_time "
                     + "where category_reference.source_time <= excluded.source_time");
             PreparedStatement placement = c.prepareStatement("insert into product_category (tenant, category_id, "
                     + "product_id, source_time) values (?, ?, ?, ?) on conflict (tenant, category_id, product_id) "
                     + "do update set source_time = excluded.source_time "
                     + "where product_category.source_time <= excluded.source_time")) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                Timestamp time = Timestamp.from(base.plusMillis(i));
                if (i % 5 == 0) {
                    int id = (i / 5) % CATEGORIES;
                    lock.setString(1, "catalog:" + tenant);
                    lock.executeQuery().close();
                    parent.setString(1, tenant);
                    parent.setString(2, "cat" + (id / 10));
                    parent.executeQuery().close();
                    category.setString(1, tenant);
                    category.setString(2, "cat" + id);
                    category.setString(3, id >= 10 ? "cat" + (id / 10) : null);
                    category.setString(4, "C" + id);
                    category.setString(5, "{\"en\":\"Category " + id + "\",\"de\":\"Kategorie " + id + "\"}");
                    category.setInt(6, id % 10);
                    category.setTimestamp(7, time);
                    category.executeUpdate();
                } else {
                    placement.setString(1, tenant);
                    placement.setString(2, "cat" + (i % CATEGORIES));
                    placement.setString(3, "p" + i);
                    placement.setTimestamp(4, time);
                    placement.executeUpdate();
                }
                c.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static Result rate(String label, long ops, double seconds) {
        return new Result(label, 1, ops, 0, seconds, new long[0], null, null, 0, 0);
    }
}
