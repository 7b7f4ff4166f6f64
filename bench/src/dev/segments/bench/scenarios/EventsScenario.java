package dev.segments.bench.scenarios;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Settings.CLIENTS;
import static dev.segments.bench.core.Settings.MAX_OPS;
import static dev.segments.bench.core.Text.fmt;

import dev.segments.bench.core.Api;
import dev.segments.bench.core.Context;
import dev.segments.bench.core.Env;
import dev.segments.bench.core.Jdbc;
import dev.segments.bench.core.Op;
import dev.segments.bench.core.Phase;
import dev.segments.bench.core.Result;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.core.ServiceInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Group {@code events} (issue 13): the Kafka publisher of integration events, on service instances of its own
 * (both roles, like run.sh's, on a fresh database {@code <db>_events}), against the broker run.sh started with
 * {@code kafka-ctl.sh}:
 * <ol>
 *   <li>E1: {@code POST /segments} at {@link dev.segments.bench.core.Settings#CLIENTS} clients with the publisher
 *       parked (no broker configured), then, on the same database, with the publisher running: throughput at most
 *       10% lower.</li>
 *   <li>E2: catch-up after an outage, on the warm publishing instance: the broker is killed
 *       ({@code kafka-ctl.sh stop}), {@link #CATCHUP} events are written (bulk customer assignments), the broker is
 *       started again; events/s from the publisher's first progress (its stored position, polled every 20 ms)
 *       until it reaches the store's head (target >= 5,000/s), next to the raw rate of the same producer settings
 *       sending pre-built messages of the same size in batches of the same size
 *       ({@code bench/kafka/RawProducer.java}).</li>
 *   <li>E3: publish latency: POSTs paced at half of E1's rate without the publisher, for {@link #LATENCY_DURATION}
 *       s; per write the time from its 201 to the moment a consumer ({@code kafka-ctl.sh tail}) reads its
 *       {@code segment-created} (0 when the consumer had it first): p50/p99, target p99 <= 500 ms, next to the
 *       writes' own latency.</li>
 * </ol>
 * The CPU rows of these phases are of run.sh's service (idle here), not of the instances measured.
 */
public final class EventsScenario implements Scenario {

    static final int CATCHUP = Env.intValue("SEGMENTS_BENCH_EVENTS_CATCHUP", 100_000);
    static final double WARMUP = Env.doubleValue("SEGMENTS_BENCH_EVENTS_WARMUP", 20);
    static final double DURATION = Env.doubleValue("SEGMENTS_BENCH_EVENTS_DURATION", 20);
    static final double LATENCY_DURATION = Env.doubleValue("SEGMENTS_BENCH_EVENTS_LATENCY_DURATION", 30);
    /** The publisher's default batch size (segments.events.batch-size), so the raw producer awaits alike. */
    static final int PUBLISHER_BATCH = 2000;

    private static final Pattern SUBJECT = Pattern.compile("\\\\\"subject\\\\\":\\\\\"([^\\\\\"]+)\\\\\"");

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String settings() {
        return "events: catch-up " + CATCHUP + " events, warm-up " + fmt(WARMUP, 0) + " s, measured " + fmt(DURATION, 0)
                + " s, latency " + fmt(LATENCY_DURATION, 0) + " s at half the parked POST rate";
    }

    @Override
    public void run(Context ctx) throws Exception {
        String kafkaCtl = required("BENCH_KAFKA_CTL");
        String kafkaDir = required("BENCH_KAFKA_DIR");
        String kafkaPort = required("BENCH_KAFKA_PORT");
        String jar = required("BENCH_JAR");
        String results = required("BENCH_RESULTS");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        String topic = "customer-segment.events";
        String database = ctx.svcJdbc().substring(0, ctx.svcJdbc().lastIndexOf('/') + 1)
                + ctx.svcJdbc().substring(ctx.svcJdbc().lastIndexOf('/') + 1) + "_events";
        String admin = database.substring(0, database.lastIndexOf('/') + 1) + "postgres";
        String dbName = database.substring(database.lastIndexOf('/') + 1);
        Jdbc.execute(admin, "drop database if exists " + dbName + " with (force)", "create database " + dbName);
        String token = System.getenv("BENCH_TOKEN");

        // E1 without the publisher, on a service whose publishing is parked
        Result parked;
        try (ServiceInstance service = ServiceInstance.start(jar, database, null, results + "/events-service-parked.log")) {
            Api api = new Api(service.base, ctx.tenant(), token);
            log("== events: POST /segments at " + CLIENTS + " clients, publishing parked");
            parked = ctx.measure(new Phase("POST (publisher parked)", CLIENTS, WARMUP, DURATION, MAX_OPS), posts(api, "p"));
        }

        try (ServiceInstance service = ServiceInstance.start(jar, database, bootstrap, results + "/events-service-kafka.log")) {
            Api api = new Api(service.base, ctx.tenant(), token);
            // the new publisher first publishes what E1 wrote (from the beginning of the store)
            awaitCaughtUp(database, Duration.ofMinutes(10));

            // E1 with the publisher
            log("== events: POST /segments at " + CLIENTS + " clients, publisher running");
            Result publishing = ctx.measure(new Phase("POST (publisher running)", CLIENTS, WARMUP, DURATION, MAX_OPS),
                    posts(api, "k"));

            // E3 publish latency at half the parked rate
            double rate = parked.throughput() / 2;
            Result[] latency = latency(api, kafkaCtl, kafkaDir, kafkaPort, topic, rate, ctx.runId());

            // E2 catch-up after an outage, on the now warm service: the broker is killed, the backlog written,
            // the broker started again; measured from the publisher's first progress (after Axon's back-off)
            awaitCaughtUp(database, Duration.ofMinutes(5));
            log("== events: broker down, writing " + CATCHUP + " events");
            run(kafkaCtl, "stop", kafkaDir);
            long t0 = System.nanoTime();
            long backlog = seedBacklog(api, ctx.runId());
            log(String.format(Locale.ROOT, "events: %d unpublished events written in %.1f s", backlog,
                    (System.nanoTime() - t0) / 1e9));
            run(kafkaCtl, "start", kafkaDir, kafkaPort);
            double[] catchUp = catchUp(database);
            int sampleSize = averageSize(kafkaCtl, kafkaDir, kafkaPort, topic);
            double raw = rawRate(kafkaCtl, kafkaDir, kafkaPort, bootstrap, CATCHUP, sampleSize);

            ctx.report().throughputRow("E1 events", "POST /segments with the publisher vs parked (same db)", publishing,
                    parked, 0.90);
            Result catchUpResult = rateResult("catch-up", (long) catchUp[0], catchUp[1]);
            Result rawResult = rateResult("raw producer", CATCHUP, CATCHUP / raw);
            ctx.report().row("E2 events", "catch-up of " + (long) catchUp[0] + " events after an outage vs a raw "
                            + "producer, same settings, " + sampleSize + "-byte messages",
                    catchUpResult, rawResult, String.format(Locale.ROOT, "%.0f%% thr", catchUp[0] / catchUp[1] / raw * 100),
                    "ev/s >= 5000", catchUp[0] / catchUp[1] >= 5000 ? "yes" : "**NO**");
            ctx.report().latencyRow("E3 events", "publish latency (201 -> consumer) at " + fmt(rate, 0)
                    + " POST/s vs the POSTs' own latency", latency[0], latency[1], 500);
            ctx.report().note(String.format(Locale.ROOT, "events: catch-up %.0f events/s (%.0f events in %.2f s "
                            + "from the publisher's first progress after the broker came back, %.1f s of Axon's "
                            + "back-off before it), raw producer %.0f messages/s.", catchUp[0] / catchUp[1], catchUp[0],
                    catchUp[1], catchUp[2], raw));
        }
    }

    private static void run(String kafkaCtl, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", kafkaCtl));
        command.addAll(Arrays.asList(arguments));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kafka-ctl.sh " + String.join(" ", arguments) + " failed: " + exit);
        }
    }

    /** The publisher's position (its token's index) and the store's head. */
    private static long[] positions(String database) throws Exception {
        String row = Jdbc.scalarRow(database, "select coalesce((select (convert_from(token, 'UTF8')::jsonb ->> 'index')"
                + "::bigint from token_entry where processor_name = 'integration-publisher' and token is not null), -1), "
                + "(select coalesce(max(global_index), 0) from domain_event_entry)");
        String[] parts = row.replaceAll("[^0-9,-]", "").split(",");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static void awaitCaughtUp(String database, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long[] p = positions(database);
            if (p[0] >= p[1]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the publisher did not catch up: at " + p[0] + " of " + p[1]);
            }
            Thread.sleep(100);
        }
    }

    private static Op.Factory posts(Api api, String prefix) {
        return t -> {
            int[] n = {0};
            return () -> {
                Seg seg = Seg.of(prefix + "-" + t + "-" + n[0]++ + "-" + System.nanoTime(),
                        new SplittableRandom(n[0] * 31L + t));
                api.post("/segments", seg.apiJson(), 201);
            };
        };
    }

    /** Writes {@link #CATCHUP} events as bulk customer assignments (200 a request, 4 clients). */
    private static long seedBacklog(Api api, String runId) throws Exception {
        int requests = (CATCHUP + 199) / 200;
        int segments = 4;
        for (int s = 0; s < segments; s++) {
            api.post("/segments", "{\"id\":\"backlog-" + runId + "-" + s + "\",\"name\":{\"en\":\"Backlog\"},"
                    + "\"siteCode\":\"main\"}", 201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        AtomicLong written = new AtomicLong();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < segments; s++) {
                int segment = s;
                done.add(pool.submit(() -> {
                    for (int r = segment; r < requests; r += segments) {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < 200; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"customerId\":\"c").append(r).append('-')
                                    .append(i).append("\",\"mixins\":{\"n\":").append(i).append("}}");
                        }
                        api.put("/segments/backlog-" + runId + "-" + segment + "/customers/bulk", body.append(']')
                                .toString(), 207);
                        written.addAndGet(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return written.get();
    }

    /**
     * Polls the publisher's stored position every 20 ms: {events published, seconds, seconds waited before} from
     * its first progress until it reaches the store's head.
     */
    private static double[] catchUp(String database) throws Exception {
        long waitStart = System.nanoTime();
        long deadline = waitStart + Duration.ofMinutes(20).toNanos();
        long[] start = positions(database);
        long firstAt = 0;
        long from = start[0];
        while (System.nanoTime() < deadline) {
            long[] p = positions(database);
            long now = System.nanoTime();
            if (firstAt == 0 && p[0] > start[0]) {
                firstAt = now;
                from = start[0];
            }
            if (firstAt != 0 && p[0] >= p[1]) {
                double seconds = (now - firstAt) / 1e9;
                log(String.format(Locale.ROOT, "events: caught up %d events in %.2f s", p[1] - from, seconds));
                return new double[] {p[1] - from, seconds, (firstAt - waitStart) / 1e9};
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the publisher did not catch up in 20 minutes");
    }

    /** The average size in bytes of the published messages (a sample read with kafka-ctl.sh tail). */
    private static int averageSize(String kafkaCtl, String dir, String port, String topic) throws Exception {
        Process tail = new ProcessBuilder("bash", kafkaCtl, "tail", dir, port, topic, "3", "20")
                .redirectErrorStream(false).start();
        long bytes = 0;
        int n = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(tail.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && n < 2000) {
                int value = line.indexOf("\"value\":");
                if (value > 0) {
                    bytes += line.length() - value - 10;
                    n++;
                }
            }
        } finally {
            stop(tail);
        }
        return n == 0 ? 600 : (int) (bytes / n);
    }

    private static double rawRate(String kafkaCtl, String dir, String port, String bootstrap, int count, int size)
            throws Exception {
        String topic = "bench-raw-" + System.currentTimeMillis();
        new ProcessBuilder("bash", kafkaCtl, "topic", dir, port, topic).inheritIO().start().waitFor();
        String lib = System.getenv().getOrDefault("BARS_KAFKA_LIB", System.getProperty("user.home")
                + "/.cache/bars-kafka/lib");
        String source = required("BENCH_RAW_PRODUCER");
        Process raw = new ProcessBuilder("java", "-cp", lib + "/*", source, bootstrap, topic, String.valueOf(count),
                String.valueOf(size), String.valueOf(PUBLISHER_BATCH)).redirectErrorStream(true).start();
        String out = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        raw.waitFor();
        Matcher m = Pattern.compile("rate=([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("raw producer failed: " + out);
        }
        log("events: raw producer " + out.trim());
        return Double.parseDouble(m.group(1));
    }

    /**
     * POSTs paced at {@code rate} per second; a consumer (kafka-ctl.sh tail, started first and caught up) notes
     * when each write's segment-created arrives. [0]: publish latency per write, [1]: the writes' HTTP latency.
     */
    private static Result[] latency(Api api, String kafkaCtl, String dir, String port, String topic, double rate,
                                    String runId) throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicLong lines = new AtomicLong();
        Process tail = new ProcessBuilder("bash", kafkaCtl, "tail", dir, port, topic, "600",
                String.valueOf((int) (LATENCY_DURATION + 600))).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(tail.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long at = System.nanoTime();
                    lines.incrementAndGet();
                    if (line.contains("segment-created")) {
                        Matcher m = SUBJECT.matcher(line);
                        if (m.find()) {
                            arrived.putIfAbsent(m.group(1), at);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the tail was stopped
            }
        }, "events-tail");
        reader.setDaemon(true);
        reader.start();
        try {
            // the consumer first reads what is on the topic already (its JVM starts, joins, reads all): the writes
            // start once it has read something and then nothing new for 2 s
            long quietSince = System.nanoTime();
            long seen = 0;
            long giveUp = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while ((seen == 0 || System.nanoTime() - quietSince < 2_000_000_000L) && System.nanoTime() < giveUp) {
                Thread.sleep(200);
                if (lines.get() != seen) {
                    seen = lines.get();
                    quietSince = System.nanoTime();
                }
            }
            log(String.format(Locale.ROOT, "== events: POST /segments paced at %.0f/s for %.0f s, consumer ready "
                    + "(%d records read first)", rate, LATENCY_DURATION, seen));
            int total = (int) (rate * LATENCY_DURATION);
            long interval = (long) (1e9 / rate);
            Map<String, Long> acked = new ConcurrentHashMap<>();
            List<Long> http = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong errors = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String id = "lat-" + runId + "-" + i;
                int n = i;
                pool.submit(() -> {
                    long s = System.nanoTime();
                    try {
                        api.post("/segments", Seg.of(id, new SplittableRandom(n)).apiJson(), 201);
                        long done = System.nanoTime();
                        acked.put(id, done);
                        http.add(done - s);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
            long end = System.nanoTime();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!arrived.keySet().containsAll(acked.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long[] publish = acked.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                    .mapToLong(e -> Math.max(0, arrived.get(e.getKey()) - e.getValue())).sorted().toArray();
            long missing = acked.keySet().stream().filter(k -> !arrived.containsKey(k)).count();
            long[] writes = http.stream().mapToLong(Long::longValue).sorted().toArray();
            double seconds = (end - start) / 1e9;
            return new Result[] {
                new Result("publish latency", 1, publish.length, missing + errors.get(), seconds, publish, null,
                        missing > 0 ? missing + " events never arrived" : null, start, end),
                new Result("POST latency", 1, writes.length, errors.get(), seconds, writes, null, null, start, end)};
        } finally {
            stop(tail);
        }
    }

    /** Stops kafka-ctl.sh and the consumer JVM it started. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static Result rateResult(String label, long ops, double seconds) {
        return new Result(label, 1, ops, 0, seconds, new long[0], null, null, 0, 0);
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run the events group through bench/run.sh");
        }
        return value;
    }
}
