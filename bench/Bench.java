// Load generator for the customer segment service: each scenario against the service's HTTP API and, side by
// side, the raw-PostgreSQL baseline measured in the same run against the same PostgreSQL.
//
// Run through bench/run.sh, or by hand with the JDK's source launcher:
//   BENCH_TOKEN=... java -cp postgresql-42.7.x.jar bench/Bench.java --base=http://127.0.0.1:PORT \
//       --svc-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench \
//       --raw-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench_raw --pid=SERVICE_PID \
//       --scenarios=all --out=bench/results/latest.md
// Only JDK classes and the pgjdbc driver. Every phase is bounded in time and in count; all traffic goes to
// the --base URL and JDBC URLs given (run.sh gives 127.0.0.1 only).

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {

    // ---- configuration (command line from run.sh, sizes from the environment) -------------------------------

    static final Map<String, String> ARGS = new LinkedHashMap<>();
    static String base;
    static String tenant;
    static String token;
    static String svcJdbc;
    static String rawJdbc;
    static long svcPid;
    static Path out;

    static final int SEED = envInt("SEGMENTS_BENCH_SEED", 100_000);
    static final int SEED_CLIENTS = envInt("SEGMENTS_BENCH_SEED_CLIENTS", 16);
    static final int CLIENTS = envInt("SEGMENTS_BENCH_CLIENTS", 16);
    static final double WARMUP = envDouble("SEGMENTS_BENCH_WARMUP", 5);
    static final double WRITE_WARMUP = envDouble("SEGMENTS_BENCH_WRITE_WARMUP", 10);
    static final double DURATION = envDouble("SEGMENTS_BENCH_DURATION", 15);
    static final double LIST_WARMUP = envDouble("SEGMENTS_BENCH_LIST_WARMUP", 3);
    static final double LIST_DURATION = envDouble("SEGMENTS_BENCH_LIST_DURATION", 10);
    static final double Q_WARMUP = envDouble("SEGMENTS_BENCH_Q_WARMUP", 2);
    static final double Q_DURATION = envDouble("SEGMENTS_BENCH_Q_DURATION", 8);
    static final long MAX_OPS = envInt("SEGMENTS_BENCH_MAX_OPS", 2_000_000);
    static final long LATENCY_MAX_OPS = envInt("SEGMENTS_BENCH_LATENCY_MAX_OPS", 20_000);

    static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    static final String COLUMNS = "s.id, s.name, s.description, s.status, s.site_code, s.validity_from, "
            + "s.validity_to, s.mixins, s.metadata_mixins, s.version, s.created_at, s.modified_at";
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    static HttpClient http;
    static final List<Row> ROWS = new ArrayList<>();
    static final List<String> NOTES = new ArrayList<>();
    static final List<String> CPU_ROWS = new ArrayList<>();
    static final List<String> MEM_ROWS = new ArrayList<>();
    static final StringBuilder SEED_TEXT = new StringBuilder();
    static boolean seeded;

    public static void main(String[] argv) throws Exception {
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            ARGS.put(a.substring(2, eq), a.substring(eq + 1));
        }
        base = req("base");
        tenant = ARGS.getOrDefault("tenant", "acme");
        token = System.getenv("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BENCH_TOKEN must hold a bearer token");
        }
        svcJdbc = req("svc-jdbc");
        rawJdbc = req("raw-jdbc");
        svcPid = Long.parseLong(ARGS.getOrDefault("pid", "0"));
        out = Path.of(ARGS.getOrDefault("out", "bench/results/latest.md"));
        String scenarios = ARGS.getOrDefault("scenarios", "all");
        List<String> chosen = scenarios.equals("all") ? List.of("writes", "reads", "list", "q")
                : Arrays.asList(scenarios.split(","));
        for (String s : chosen) {
            if (!List.of("writes", "reads", "list", "q").contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + " (writes, reads, list, q, all)");
            }
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Instant started = Instant.now();
        memory("start (idle, after health)");
        for (String s : chosen) {
            switch (s) {
                case "writes" -> writes();
                case "reads" -> reads();
                case "list" -> list();
                case "q" -> q();
                default -> throw new IllegalStateException();
            }
            memory("after " + s);
        }
        String report = report(started, chosen);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println(report);
    }

    // ---- scenario 1: writes ---------------------------------------------------------------------------------

    static void writes() throws Exception {
        log("== writes: POST /segments at " + CLIENTS + " clients vs raw JDBC insert (event + view row, 1 tx)");
        try (Connection c = DriverManager.getConnection(rawJdbc, "postgres", "")) {
            c.createStatement().execute("truncate domain_event_entry, segment_view");
        }
        AtomicLong rywTimeouts = new AtomicLong();
        Result svc = phase("POST /segments", CLIENTS, WRITE_WARMUP, DURATION, MAX_OPS, t -> {
            int[] n = {0};
            return () -> {
                Seg seg = Seg.of("w" + RUN + "-" + t + "-" + n[0]++, new SplittableRandom(n[0] * 31L + t));
                HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/segments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(seg.apiJson())), 201);
                if (r.headers().firstValue("X-Read-Your-Writes").isPresent()) {
                    rywTimeouts.incrementAndGet();
                }
            };
        });
        Result raw = phase("raw insert", CLIENTS, WARMUP, DURATION, MAX_OPS, t -> {
            Connection c = connect(rawJdbc);
            c.setAutoCommit(false);
            PreparedStatement event = c.prepareStatement("insert into domain_event_entry (global_index, "
                    + "event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                    + "payload_revision, payload, meta_data) values (nextval('domain_event_entry_seq'), ?, ?, 0, "
                    + "'Segment', ?, 'dev.segments.events.segment.SegmentCreatedEvent', null, ?, ?)");
            PreparedStatement view = c.prepareStatement("insert into segment_view (tenant, id, name, description, "
                    + "status, site_code, validity_from, validity_to, mixins, metadata_mixins, version, created_at, "
                    + "modified_at) values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::jsonb, null, 1, ?, ?)");
            int[] n = {0};
            return new Op() {
                public void run() throws Exception {
                    Seg seg = Seg.of("w" + RUN + "-" + t + "-" + n[0]++, new SplittableRandom(n[0] * 31L + t));
                    Instant now = Instant.now();
                    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
                    event.setString(1, UUID.randomUUID().toString());
                    event.setString(2, tenant + ":" + seg.id);
                    event.setString(3, now.truncatedTo(ChronoUnit.MILLIS).toString());
                    event.setBytes(4, seg.eventJson(now).getBytes(StandardCharsets.UTF_8));
                    event.setBytes(5, ("{\"caller\":\"local-client\",\"correlationId\":\"" + UUID.randomUUID()
                            + "\",\"tenant\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8));
                    event.executeUpdate();
                    view.setString(1, tenant);
                    view.setString(2, seg.id);
                    view.setString(3, seg.nameJson());
                    view.setString(4, seg.descriptionJson());
                    view.setString(5, seg.status);
                    view.setString(6, seg.site);
                    view.setObject(7, seg.from == null ? null : seg.from.atOffset(ZoneOffset.UTC));
                    view.setObject(8, seg.to == null ? null : seg.to.atOffset(ZoneOffset.UTC));
                    view.setString(9, seg.mixinsJson());
                    view.setObject(10, at);
                    view.setObject(11, at);
                    view.executeUpdate();
                    c.commit();
                }

                public void close() throws SQLException {
                    c.close();
                }
            };
        });
        throughputRow("1 writes", "POST /segments vs raw insert (event+view, 1 tx)", svc, raw, 0.40);
        if (rywTimeouts.get() > 0) {
            NOTES.add("writes: " + rywTimeouts.get() + " responses carried X-Read-Your-Writes: timeout.");
        }
        try (Connection s = connect(svcJdbc); Connection r = connect(rawJdbc)) {
            String q = "select count(*), round(avg(octet_length(payload))), round(avg(octet_length(meta_data))) "
                    + "from domain_event_entry where aggregate_identifier like ?";
            String a = scalarRow(s, q, tenant + ":w" + RUN + "-%");
            String b = scalarRow(r, q, tenant + ":w" + RUN + "-%");
            NOTES.add("writes: event rows (count, avg payload bytes, avg metadata bytes): service " + a
                    + "; baseline " + b + " (baseline payloads are built in the service's stored format).");
        }
    }

    // ---- seeding ----------------------------------------------------------------------------------------------

    static String seedId(int i) {
        return String.format("seed-%06d", i);
    }

    static void ensureSeed() throws Exception {
        if (seeded) {
            return;
        }
        seeded = true;
        int have;
        try (Connection c = connect(svcJdbc)) {
            have = Integer.parseInt(scalarRow(c, "select count(*) from segment_view where tenant = ? and id like 'seed-%'", tenant));
        }
        if (have >= SEED) {
            SEED_TEXT.append("Seed: ").append(have).append(" segments already present, reused.\n");
            return;
        }
        log("== seed: " + SEED + " segments through PUT /segments/bulk (200 per request, " + SEED_CLIENTS + " clients)");
        int batches = (SEED + 199) / 200;
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong rywTimeouts = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        long t0 = System.nanoTime();
        long[] cpu0 = cpuTicks();
        Thread[] threads = new Thread[SEED_CLIENTS];
        for (int k = 0; k < SEED_CLIENTS; k++) {
            threads[k] = new Thread(() -> {
                try {
                    long b;
                    while ((b = next.getAndIncrement()) < batches && error.get() == null) {
                        StringBuilder body = new StringBuilder("[");
                        int from = (int) b * 200;
                        int to = Math.min(SEED, from + 200);
                        for (int i = from; i < to; i++) {
                            if (i > from) {
                                body.append(',');
                            }
                            body.append(Seg.of(seedId(i), new SplittableRandom(i * 7919L + 17)).apiJson());
                        }
                        body.append(']');
                        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/segments/bulk"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), 207);
                        String text = new String(r.body(), StandardCharsets.UTF_8);
                        int ok = count(text, "\"code\":201") + count(text, "\"code\":204");
                        failed.addAndGet((to - from) - ok);
                        if (r.headers().firstValue("X-Read-Your-Writes").isPresent()) {
                            rywTimeouts.incrementAndGet();
                        }
                        long d = done.addAndGet(to - from);
                        if ((d / 200) % Math.max(1, batches / 10) == 0) {
                            log(String.format("   seeded %d/%d (%.0f/s)", d, SEED, d / secondsSince(t0)));
                        }
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "seed-" + k);
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException("seeding failed", error.get());
        }
        double secs = secondsSince(t0);
        // A bulk response that timed out on read-your-writes leaves the projection behind: wait for it (bounded).
        long catchUp = System.nanoTime();
        int visible = 0;
        try (Connection c = connect(svcJdbc)) {
            while (secondsSince(catchUp) < 300) {
                visible = Integer.parseInt(scalarRow(c,
                        "select count(*) from segment_view where tenant = ? and id like 'seed-%'", tenant));
                if (visible >= SEED) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        double lag = secondsSince(catchUp);
        if (visible < SEED) {
            throw new IllegalStateException("projection shows only " + visible + " of " + SEED + " seeded segments after 300 s");
        }
        secs = secondsSince(t0);
        long[] cpu1 = cpuTicks();
        double hz = 100.0 * secs;
        Cpu cpu = new Cpu((cpu1[0] - cpu0[0]) / hz, (cpu1[1] - cpu0[1]) / hz, (cpu1[2] - cpu0[2]) / hz,
                (cpu1[3] - cpu0[3]) / hz, secs);
        CPU_ROWS.add("| seed (PUT /segments/bulk) | " + SEED_CLIENTS + " | " + cpu.cores() + " |");
        long vacuum = System.nanoTime();
        try (Connection c = connect(svcJdbc)) {
            c.createStatement().execute("vacuum analyze segment_view");
        }
        SEED_TEXT.append(String.format(Locale.ROOT, "Seed: %,d segments through the API (PUT /segments/bulk, "
                        + "200 per request, %d clients) in %.1f s = %,.0f segments/s, including %.1f s waiting after the "
                        + "last response until segment_view showed all of them; %d entries failed, %d of %d responses "
                        + "carried X-Read-Your-Writes: timeout. Then "
                        + "`VACUUM ANALYZE segment_view` (%.1f s) so both sides plan on fresh statistics.%n",
                SEED, SEED_CLIENTS, secs, SEED / secs, lag, failed.get(), rywTimeouts.get(), batches, secondsSince(vacuum)));
        try (Connection c = connect(svcJdbc)) {
            SEED_TEXT.append("segment_view rows: ").append(scalarRow(c, "select count(*) from segment_view"))
                    .append(", table+indexes: ").append(scalarRow(c,
                            "select pg_size_pretty(pg_total_relation_size('segment_view'))"))
                    .append("; domain_event_entry: ").append(scalarRow(c,
                            "select pg_size_pretty(pg_total_relation_size('domain_event_entry'))"))
                    .append(". created_at spans the seeding window (the API sets it): ")
                    .append(scalarRow(c, "select min(created_at) || ' .. ' || max(created_at) from segment_view "
                            + "where id like 'seed-%'")).append(".\n");
        }
        log(SEED_TEXT.toString().trim());
    }

    // ---- scenario 2: point reads ---------------------------------------------------------------------------------

    static void reads() throws Exception {
        ensureSeed();
        log("== reads: GET /segments/{id} at " + CLIENTS + " clients vs raw point select");
        Result svc = phase("GET /segments/{id}", CLIENTS, WARMUP, DURATION, MAX_OPS, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 1000003L);
            return () -> send(HttpRequest.newBuilder(uri("/segments/" + seedId(rnd.nextInt(SEED)))).GET(), 200);
        });
        Result raw = phase("raw point select", CLIENTS, WARMUP, DURATION, MAX_OPS, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 1000003L);
            Connection c = connect(svcJdbc);
            PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from segment_view s where s.tenant = ? and s.id = ?");
            return new Op() {
                public void run() throws Exception {
                    ps.setString(1, tenant);
                    ps.setString(2, seedId(rnd.nextInt(SEED)));
                    if (readAll(ps) != 1) {
                        throw new IllegalStateException("row not found");
                    }
                }

                public void close() throws SQLException {
                    c.close();
                }
            };
        });
        throughputRow("2 reads", "GET /segments/{id} vs raw point select", svc, raw, 0.25);
    }

    // ---- scenario 3: filtered, sorted, paged list ------------------------------------------------------------------

    static void list() throws Exception {
        ensureSeed();
        String sql = "select " + COLUMNS + " from segment_view s where s.tenant = ? and (s.site_code = ? AND "
                + "s.status = ?) order by s.created_at DESC, s.id ASC limit ? offset ?";
        // same result check on one combination
        List<String> api = ids(get(listPath(3, 3)));
        List<String> db;
        try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(sql)) {
            bindList(ps, 3, 3);
            db = ids(ps);
        }
        String same = api.equals(db) ? "same " + api.size() + " ids" : "DIFFERENT (" + api.size() + " vs " + db.size() + ")";
        for (int clients : new int[] {1, 4}) {
            log("== list: GET /segments?q=siteCode:siteN status:ACTIVE&sort=metadata.createdAt:DESC&pageNumber=1..5 at "
                    + clients + " client(s)");
            Result svc = phase("list API", clients, LIST_WARMUP, LIST_DURATION, LATENCY_MAX_OPS, t -> {
                SplittableRandom rnd = new SplittableRandom(t * 7L + 3);
                return () -> send(HttpRequest.newBuilder(uri(listPath(rnd.nextInt(10), 1 + rnd.nextInt(5)))).GET(), 200);
            });
            Result raw = phase("list SQL", clients, LIST_WARMUP, LIST_DURATION, LATENCY_MAX_OPS, t -> {
                SplittableRandom rnd = new SplittableRandom(t * 7L + 3);
                Connection c = connect(svcJdbc);
                PreparedStatement ps = c.prepareStatement(sql);
                return new Op() {
                    public void run() throws Exception {
                        bindList(ps, rnd.nextInt(10), 1 + rnd.nextInt(5));
                        readAll(ps);
                    }

                    public void close() throws SQLException {
                        c.close();
                    }
                };
            });
            latencyRow("3 list", "siteCode+status, sort createdAt DESC, pages 1-5 of 60 (" + same + ")",
                    svc, raw, clients == 1 ? Double.NaN : -1, clients == 1 ? 50 : -1);
        }
    }

    static String listPath(int site, int page) {
        return "/segments?q=" + enc("siteCode:site" + site + " status:ACTIVE") + "&sort="
                + enc("metadata.createdAt:DESC") + "&pageNumber=" + page + "&pageSize=60";
    }

    static void bindList(PreparedStatement ps, int site, int page) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, "site" + site);
        ps.setString(3, "ACTIVE");
        ps.setInt(4, 60);
        ps.setLong(5, (page - 1) * 60L);
    }

    // ---- issue 3: five representative q queries ---------------------------------------------------------------------

    record QCase(String key, String title, String q, String sort, String sql, List<Object> params) {
    }

    static void q() throws Exception {
        ensureSeed();
        String from;
        String to;
        try (Connection c = connect(svcJdbc)) {
            String iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
            String[] range = scalarRow(c, "select to_char(percentile_disc(0.4) within group (order by created_at) "
                    + "at time zone 'UTC', " + iso + "), to_char(percentile_disc(0.6) within group (order by created_at) "
                    + "at time zone 'UTC', " + iso + ") from segment_view where tenant = ? and id like 'seed-%'",
                    tenant).split(", ");
            from = range[0];
            to = range[1];
        }
        Random pick = new Random(42);
        List<String> idList = new ArrayList<>();
        while (idList.size() < 20) {
            String id = seedId(pick.nextInt(SEED));
            if (!idList.contains(id)) {
                idList.add(id);
            }
        }
        String page = " limit 60";
        String head = "select " + COLUMNS + " from segment_view s where s.tenant = ? and ";
        List<QCase> cases = List.of(
                new QCase("exact", "exact field", "siteCode:site3", null,
                        head + "s.site_code = ? order by s.id" + page, List.of("site3")),
                new QCase("regex", "localized regex", "name.en:~\"Gold 12\"", null,
                        head + "s.name->>'en' ~ ? order by s.id" + page, List.of("Gold 12")),
                new QCase("mixin", "mixin numeric range", "mixins.tier.level:(>=2 AND <=4)", null,
                        head + "(s.mixins->'tier'->>'level')::int between 2 and 4 order by s.id" + page, List.of()),
                new QCase("date", "date range + sort", "metadata.createdAt:(>=\"" + from + "\" AND <\"" + to + "\")",
                        "metadata.createdAt:DESC", head + "s.created_at >= ? and s.created_at < ? "
                        + "order by s.created_at desc, s.id" + page, List.of(OffsetDateTime.parse(from), OffsetDateTime.parse(to))),
                new QCase("ids", "value list (20 ids)", "id:(" + String.join(",", idList) + ")", null,
                        head + "s.id in (" + String.join(",", java.util.Collections.nCopies(20, "?")) + ") order by s.id" + page,
                        new ArrayList<>(idList)));
        for (QCase qc : cases) {
            String path = "/segments?q=" + enc(qc.q) + (qc.sort == null ? "" : "&sort=" + enc(qc.sort)) + "&pageSize=60";
            List<String> db;
            try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(qc.sql)) {
                bindQ(ps, qc);
                db = ids(ps);
            }
            List<String> api = null;
            String failure = null;
            try {
                api = ids(get(path));
            } catch (IOException e) {
                failure = e.getMessage();
            }
            String same = api == null ? "service failed" : api.equals(db) ? "same " + api.size() + " ids"
                    : "DIFFERENT (" + api.size() + " vs " + db.size() + ")";
            log("== q " + qc.key + ": q=" + qc.q + (qc.sort == null ? "" : " sort=" + qc.sort) + " -> " + same);
            Result svc = failure != null ? null : phase("q " + qc.key + " API", 1, Q_WARMUP, Q_DURATION, LATENCY_MAX_OPS,
                    t -> () -> send(HttpRequest.newBuilder(uri(path)).GET(), 200));
            if (failure != null) {
                log("   service FAILED: " + failure);
                NOTES.add("q " + qc.key + ": the service answers `" + abbreviate(failure, 200) + "` (see "
                        + "bench/results/service.log); only the hand-written SQL was measured.");
            }
            Result raw = phase("q " + qc.key + " SQL", 1, Q_WARMUP, Q_DURATION, LATENCY_MAX_OPS, t -> {
                Connection c = connect(svcJdbc);
                PreparedStatement ps = c.prepareStatement(qc.sql);
                return new Op() {
                    public void run() throws Exception {
                        bindQ(ps, qc);
                        readAll(ps);
                    }

                    public void close() throws SQLException {
                        c.close();
                    }
                };
            });
            latencyRow("q " + qc.key, "`" + abbreviate(qc.q, 60) + "`" + (qc.sort == null ? "" : " sort `" + qc.sort + "`")
                    + " (" + same + ")", svc, raw, 2.0, 50);
            NOTES.add("q " + qc.key + " hand-written SQL: `" + abbreviate(qc.sql.replace(head, "select ... where s.tenant = ? and "), 170) + "`");
        }
    }

    static void bindQ(PreparedStatement ps, QCase qc) throws SQLException {
        ps.setString(1, tenant);
        for (int i = 0; i < qc.params.size(); i++) {
            ps.setObject(i + 2, qc.params.get(i));
        }
    }

    // ---- the phase runner -------------------------------------------------------------------------------------------

    interface Op extends AutoCloseable {
        void run() throws Exception;

        default void close() throws Exception {
        }
    }

    interface OpFactory {
        Op create(int thread) throws Exception;
    }

    record Cpu(double svc, double pg, double gen, double machine, double seconds) {
        String cores() {
            return String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %.2f | %.2f", svc, pg, gen,
                    Math.max(0, machine - svc - pg - gen), machine);
        }
    }

    record Result(String label, int threads, long ops, long errors, double seconds, long[] sorted, Cpu cpu, String firstError) {
        double throughput() {
            return ops / seconds;
        }

        double pct(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
        }
    }

    /**
     * Runs {@code threads} closed-loop clients: a warm-up of {@code warm} seconds, then a measured phase that ends
     * after {@code measure} seconds or {@code maxOps} operations, whichever comes first.
     */
    static Result phase(String label, int threads, double warm, double measure, long maxOps, OpFactory factory)
            throws Exception {
        Op[] ops = new Op[threads];
        for (int t = 0; t < threads; t++) {
            ops[t] = factory.create(t);
        }
        long start = System.nanoTime();
        long measureStart = start + (long) (warm * 1e9);
        long measureEnd = measureStart + (long) (measure * 1e9);
        AtomicLong claimed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        long[] lastEnd = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                Op op = ops[id];
                while (true) {
                    long s = System.nanoTime();
                    boolean measured = s >= measureStart;
                    if (s >= measureEnd || (measured && claimed.incrementAndGet() > maxOps)) {
                        break;
                    }
                    boolean ok = true;
                    try {
                        op.run();
                    } catch (Throwable e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString()); // warm-up errors are reported too
                    }
                    long e = System.nanoTime();
                    if (measured) {
                        if (ok) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = e - s;
                        } else {
                            errors.incrementAndGet();
                        }
                        lastEnd[id] = e;
                    }
                    if (!ok) {
                        try {
                            Thread.sleep(10); // do not spin on a failing target
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
                samples[id] = mine;
                counts[id] = n;
            }, label + "-" + t);
            workers[t].start();
        }
        long sleep = measureStart - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        long[] cpu0 = cpuTicks();
        long c0 = System.nanoTime();
        for (Thread w : workers) {
            w.join();
        }
        long[] cpu1 = cpuTicks();
        double cpuSecs = (System.nanoTime() - c0) / 1e9;
        for (Op op : ops) {
            try {
                op.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        long end = measureStart;
        for (long l : lastEnd) {
            end = Math.max(end, l);
        }
        double secs = Math.max(1e-9, (end - measureStart) / 1e9);
        double hz = 100.0 * cpuSecs;
        Cpu cpu = new Cpu((cpu1[0] - cpu0[0]) / hz, (cpu1[1] - cpu0[1]) / hz, (cpu1[2] - cpu0[2]) / hz,
                (cpu1[3] - cpu0[3]) / hz, cpuSecs);
        Result r = new Result(label, threads, total, errors.get(), secs, all, cpu, firstError.get());
        log(String.format(Locale.ROOT, "   %-22s %2d thr  %8.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  n=%d err=%d  "
                        + "cpu cores svc %.2f pg %.2f gen %.2f machine %.2f%s", label, threads, r.throughput(),
                r.pct(0.50), r.pct(0.99), total, errors.get(), cpu.svc, cpu.pg, cpu.gen, cpu.machine,
                r.firstError == null ? "" : "  first error: " + r.firstError));
        if (r.firstError != null) {
            NOTES.add(label + ": " + r.errors + " errors in the measured phase; first error seen: " + r.firstError);
        }
        CPU_ROWS.add("| " + label + " | " + threads + " | " + cpu.cores() + " |");
        return r;
    }

    // ---- CPU and memory from /proc ----------------------------------------------------------------------------------

    /** utime+stime clock ticks of: the service, all postgres processes (incl. reaped children), this JVM, the machine. */
    static long[] cpuTicks() {
        long svc = svcPid > 0 ? procTicks(Path.of("/proc/" + svcPid + "/stat"), false) : 0;
        long pg = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        pg += procTicks(p.resolve("stat"), true);
                    }
                } catch (IOException ignored) {
                    // process went away
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        long gen = procTicks(Path.of("/proc/self/stat"), false);
        long machine = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal
            machine = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return new long[] {svc, pg, gen, machine};
    }

    static long procTicks(Path stat, boolean withChildren) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void memory(String when) {
        if (svcPid <= 0) {
            return;
        }
        try {
            String rss = "?";
            String hwm = "?";
            for (String line : Files.readAllLines(Path.of("/proc/" + svcPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = mib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = mib(line);
                }
            }
            MEM_ROWS.add("| " + when + " | " + rss + " | " + hwm + " |");
        } catch (IOException e) {
            MEM_ROWS.add("| " + when + " | (service gone) | |");
        }
    }

    static String mib(String statusLine) {
        long kb = Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    // ---- report ---------------------------------------------------------------------------------------------------

    record Row(String scenario, String what, Result svc, Result raw, String ratio, String target, String ok) {
    }

    static void throughputRow(String scenario, String what, Result svc, Result raw, double target) {
        double ratio = svc.throughput() / raw.throughput();
        ROWS.add(new Row(scenario, what, svc, raw, String.format(Locale.ROOT, "%.0f%% thr", ratio * 100),
                String.format(Locale.ROOT, "thr >= %.0f%%", target * 100), ratio >= target && svc.errors == 0 ? "yes" : "**NO**"));
    }

    /** maxRatio NaN: no ratio target; negative: informational row. */
    static void latencyRow(String scenario, String what, Result svc, Result raw, double maxRatio, double maxP99) {
        if (svc == null) {
            ROWS.add(new Row(scenario, what, null, raw, "-", "p99 <= " + (int) maxP99 + " ms & <= " + fmt(maxRatio, 0)
                    + "x", "**NO** (service error)"));
            return;
        }
        double ratio = svc.pct(0.99) / raw.pct(0.99);
        String target;
        boolean ok;
        if (maxP99 < 0) {
            target = "info";
            ok = true;
        } else if (Double.isNaN(maxRatio)) {
            target = "p99 <= " + (int) maxP99 + " ms";
            ok = svc.pct(0.99) <= maxP99;
        } else {
            target = "p99 <= " + (int) maxP99 + " ms & <= " + fmt(maxRatio, 0) + "x";
            ok = svc.pct(0.99) <= maxP99 && ratio <= maxRatio;
        }
        ROWS.add(new Row(scenario, what, svc, raw, String.format(Locale.ROOT, "p99 %.1fx", ratio), target,
                maxP99 < 0 ? "-" : ok && svc.errors == 0 ? "yes" : "**NO**"));
    }

    static String report(Instant started, List<String> chosen) {
        StringBuilder b = new StringBuilder();
        b.append("# Segment service benchmark\n\n");
        b.append("- date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", took ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s (load generator part)\n");
        ARGS.forEach((k, v) -> {
            if (k.startsWith("info-")) {
                b.append("- ").append(k.substring(5)).append(": ").append(v).append('\n');
            }
        });
        b.append(String.format(Locale.ROOT, "- scenarios: %s; clients %d; warm-up %.0f s (writes %.0f s), measured "
                        + "%.0f s / max %,d ops; list %.0f+%.0f s, q %.0f+%.0f s (max %,d ops); seed %,d%n",
                String.join(",", chosen), CLIENTS, WARMUP, WRITE_WARMUP, DURATION, MAX_OPS, LIST_WARMUP,
                LIST_DURATION, Q_WARMUP, Q_DURATION, LATENCY_MAX_OPS, SEED));
        b.append("- the load generator runs on the same 2 cores as the service and PostgreSQL\n\n");
        b.append("| # | what | cl | service ops/s | p50 ms | p99 ms | raw PG ops/s | p50 ms | p99 ms | service/raw | target | met |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : ROWS) {
            b.append("| ").append(r.scenario).append(" | ").append(r.what).append(" | ").append(r.raw.threads)
                    .append(" | ").append(r.svc == null ? "HTTP error" : fmt(r.svc.throughput(), 0)).append(" | ")
                    .append(r.svc == null ? "-" : fmt(r.svc.pct(.5), 2))
                    .append(" | ").append(r.svc == null ? "-" : fmt(r.svc.pct(.99), 2)).append(" | ").append(fmt(r.raw.throughput(), 0))
                    .append(" | ").append(fmt(r.raw.pct(.5), 2)).append(" | ").append(fmt(r.raw.pct(.99), 2))
                    .append(" | ").append(r.ratio).append(" | ").append(r.target).append(" | ").append(r.ok)
                    .append(" |\n");
        }
        if (SEED_TEXT.length() > 0) {
            b.append('\n').append(SEED_TEXT);
        }
        b.append("\nCPU during each measured phase, in cores (of 2): service JVM, all PostgreSQL processes, "
                + "load generator, everything else, whole machine.\n\n");
        b.append("| phase | cl | service | postgres | loadgen | other | machine |\n|---|---:|---:|---:|---:|---:|---:|\n");
        CPU_ROWS.forEach(r -> b.append(r).append('\n'));
        if (!MEM_ROWS.isEmpty()) {
            b.append("\nService memory (/proc/<pid>/status):\n\n| when | VmRSS | VmHWM (peak) |\n|---|---:|---:|\n");
            MEM_ROWS.forEach(r -> b.append(r).append('\n'));
        }
        if (!NOTES.isEmpty()) {
            b.append("\nNotes:\n\n");
            NOTES.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    // ---- segments ----------------------------------------------------------------------------------------------------

    static final String[] TIER_EN = {"Gold", "Silver", "Bronze", "Platinum", "Diamond"};
    static final String[] TIER_DE = {"Gold", "Silber", "Bronze", "Platin", "Diamant"};
    static final String[] REGIONS = {"north", "south", "east", "west", "central", "islands"};
    static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");

    record Seg(String id, String nameEn, String nameDe, String descEn, String status, String site, Instant from,
               Instant to, int level, String region) {

        static Seg of(String id, SplittableRandom r) {
            int tier = r.nextInt(TIER_EN.length);
            int num = r.nextInt(1000);
            Instant from = null;
            Instant to = null;
            if (r.nextInt(10) < 8) {
                from = EPOCH.plus(r.nextInt(700), ChronoUnit.DAYS);
                to = from.plus(30 + r.nextInt(900), ChronoUnit.DAYS);
            }
            return new Seg(id, TIER_EN[tier] + " " + num, TIER_DE[tier] + "-Kunden " + num,
                    r.nextBoolean() ? "Customers of the " + TIER_EN[tier].toLowerCase(Locale.ROOT) + " program, cohort " + num : null,
                    r.nextInt(10) < 7 ? "ACTIVE" : "INACTIVE", "site" + r.nextInt(10), from, to, r.nextInt(10),
                    REGIONS[r.nextInt(REGIONS.length)]);
        }

        String nameJson() {
            return "{\"en\":\"" + nameEn + "\",\"de\":\"" + nameDe + "\"}";
        }

        String descriptionJson() {
            return descEn == null ? null : "{\"en\":\"" + descEn + "\"}";
        }

        String validityJson() {
            return from == null ? null : "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
        }

        String mixinsJson() {
            return "{\"tier\":{\"level\":" + level + "},\"region\":\"" + region + "\"}";
        }

        String apiJson() {
            return "{\"id\":\"" + id + "\",\"name\":" + nameJson()
                    + (descEn == null ? "" : ",\"description\":" + descriptionJson())
                    + ",\"siteCode\":\"" + site + "\",\"status\":\"" + status + "\""
                    + (from == null ? "" : ",\"validity\":" + validityJson())
                    + ",\"mixins\":" + mixinsJson() + "}";
        }

        /** The SegmentCreatedEvent payload as the service stores it (Jackson, see domain_event_entry.payload). */
        String eventJson(Instant createdAt) {
            return "{\"tenant\":\"" + tenant + "\",\"segmentId\":\"" + id + "\",\"details\":{\"name\":" + nameJson()
                    + ",\"description\":" + descriptionJson() + ",\"validity\":" + validityJson() + ",\"status\":\""
                    + status + "\",\"siteCode\":\"" + site + "\",\"mixins\":" + mixinsJson()
                    + ",\"metadataMixins\":null},\"version\":1,\"createdAt\":\"" + createdAt + "\"}";
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static URI uri(String path) {
        return URI.create(base + "/customer-segment/" + tenant + path);
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IOException("HTTP " + r.statusCode() + " from " + r.request().method() + " "
                    + r.uri().getRawPath() + ": " + abbreviate(new String(r.body(), StandardCharsets.UTF_8), 300));
        }
        return r;
    }

    static String get(String path) throws IOException, InterruptedException {
        return new String(send(HttpRequest.newBuilder(uri(path)).GET(), 200).body(), StandardCharsets.UTF_8);
    }

    static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Reads every column of every row, as the service does, and returns the row count. */
    static int readAll(PreparedStatement ps) throws SQLException {
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) {
                    rs.getString(i);
                }
                rows++;
            }
        }
        return rows;
    }

    static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url, "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String scalarRow(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(i > 1 ? ", " : "").append(rs.getString(i));
                }
                return b.toString();
            }
        }
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String req(String name) {
        String v = ARGS.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + "= is required");
        }
        return v;
    }

    static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim().replace("_", ""));
    }

    static double envDouble(String name, double fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }

    static void log(String s) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + s);
        System.out.flush();
    }
}
