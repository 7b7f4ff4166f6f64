// Load generator for the customer segment service: each scenario against the service's HTTP API and, side by
// side, the raw-PostgreSQL baseline measured in the same run against the same PostgreSQL.
//
// Run through bench/run.sh, or by hand with the JDK's source launcher:
//   BENCH_TOKEN=... java -cp postgresql-42.7.x.jar bench/Bench.java --base=http://127.0.0.1:PORT \
//       --svc-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench \
//       --raw-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench_raw --pid=SERVICE_PID \
//       --scenarios=all --out=bench/results/latest.md
// (the assignments and items groups also need BENCH_TOKEN_OWN / BENCH_TOKEN_TREES: customer tokens, see run.sh)
// Only JDK classes and the pgjdbc driver. Every phase is bounded in time and in count; all traffic goes to
// the --base URL and JDBC URLs given (run.sh gives 127.0.0.1 only).

import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
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
import java.util.HashMap;
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
    // The service's write and read phases warm up at least this long (then see JIT_SETTLED_CORES): measured here,
    // compiler threads took a fifth to a quarter of a core for the first 100-210 s of load, and GET throughput rose
    // from ~1,400/s to ~3,600/s once they were idle.
    static final double WRITE_WARMUP = envDouble("SEGMENTS_BENCH_WRITE_WARMUP", 60);
    static final double READ_WARMUP = envDouble("SEGMENTS_BENCH_READ_WARMUP", 60);
    static final double DURATION = envDouble("SEGMENTS_BENCH_DURATION", 15);
    // ...and then, for the service's write and read phases, until the JIT compiler threads stay below this share
    // of a core for a whole window (at most JIT_SETTLE_MAX seconds more)
    static final double JIT_SETTLED_CORES = envDouble("SEGMENTS_BENCH_JIT_SETTLED_CORES", 0.03);
    static final double JIT_SETTLE_WINDOW = envDouble("SEGMENTS_BENCH_JIT_SETTLE_WINDOW", 10);
    static final double JIT_SETTLE_MAX = envDouble("SEGMENTS_BENCH_JIT_SETTLE_MAX", 300);
    static final double LIST_WARMUP = envDouble("SEGMENTS_BENCH_LIST_WARMUP", 3);
    static final double LIST_DURATION = envDouble("SEGMENTS_BENCH_LIST_DURATION", 10);
    static final double Q_WARMUP = envDouble("SEGMENTS_BENCH_Q_WARMUP", 2);
    static final double Q_DURATION = envDouble("SEGMENTS_BENCH_Q_DURATION", 8);
    static final long MAX_OPS = envInt("SEGMENTS_BENCH_MAX_OPS", 2_000_000);
    static final long LATENCY_MAX_OPS = envInt("SEGMENTS_BENCH_LATENCY_MAX_OPS", 20_000);
    // assignments (issue 4)
    static final double JIT_WARMUP = envDouble("SEGMENTS_BENCH_JIT_WARMUP", 45);
    static final int[] BULK_CLIENTS = envInts("SEGMENTS_BENCH_BULK_CLIENTS", "4,16");
    static final double BULK_WARMUP = envDouble("SEGMENTS_BENCH_BULK_WARMUP", 8);
    static final double BULK_DURATION = envDouble("SEGMENTS_BENCH_BULK_DURATION", 15);
    static final int[] SINGLE_CLIENTS = envInts("SEGMENTS_BENCH_SINGLE_CLIENTS", "1,4");
    static final double ASSIGN_WARMUP = envDouble("SEGMENTS_BENCH_ASSIGN_WARMUP", 8);
    static final double ASSIGN_DURATION = envDouble("SEGMENTS_BENCH_ASSIGN_DURATION", 10);
    static final int SMALL_SEGMENT = envInt("SEGMENTS_BENCH_SMALL_SEGMENT", 1_000);
    static final int BIG_SEGMENT = envInt("SEGMENTS_BENCH_BIG_SEGMENT", 1_000_000);
    static final int OWN_SEGMENTS = envInt("SEGMENTS_BENCH_OWN_SEGMENTS", 10_000);
    static final int OWN_ASSIGNMENTS = envInt("SEGMENTS_BENCH_OWN_ASSIGNMENTS", 1_000_000);
    static final int MEMBER_OF = envInt("SEGMENTS_BENCH_MEMBER_OF", 20);
    // items (issue 5)
    static final int CATEGORIES = envInt("SEGMENTS_BENCH_CATEGORIES", 10_000);
    static final int PRODUCTS = envInt("SEGMENTS_BENCH_PRODUCTS", 100_000);
    static final int ITEM_SEGMENTS = envInt("SEGMENTS_BENCH_ITEM_SEGMENTS", 1_000);
    static final int SEGMENT_CATEGORIES = envInt("SEGMENTS_BENCH_SEGMENT_CATEGORIES", 3);
    static final int SEGMENT_PRODUCTS = envInt("SEGMENTS_BENCH_SEGMENT_PRODUCTS", 20);
    static final int MATCH_ITEMS = envInt("SEGMENTS_BENCH_MATCH_ITEMS", 200);
    static final int MATCH_SEGMENTS = envInt("SEGMENTS_BENCH_MATCH_SEGMENTS", 10);
    static final double ITEMS_WARMUP = envDouble("SEGMENTS_BENCH_ITEMS_WARMUP", 8);
    static final double ITEMS_DURATION = envDouble("SEGMENTS_BENCH_ITEMS_DURATION", 10);

    static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    static final String COLUMNS = "s.id, s.name, s.description, s.status, s.site_code, s.validity_from, "
            + "s.validity_to, s.mixins, s.metadata_mixins, s.version, s.created_at, s.modified_at";
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

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
        List<String> groups = List.of("writes", "reads", "list", "q", "assignments", "items");
        List<String> chosen = scenarios.equals("all") ? groups : Arrays.asList(scenarios.split(","));
        for (String s : chosen) {
            if (!groups.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + " (" + String.join(", ", groups) + ", all)");
            }
        }
        Instant started = Instant.now();
        memory("start (idle, after health)");
        for (String s : chosen) {
            switch (s) {
                case "writes" -> writes();
                case "reads" -> reads();
                case "list" -> list();
                case "q" -> q();
                case "assignments" -> assignments();
                case "items" -> items();
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
                Resp r = send(HttpRequest.newBuilder(uri("/segments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(seg.apiJson())), 201);
                if (r.headers().firstValue("X-Read-Your-Writes").isPresent()) {
                    rywTimeouts.incrementAndGet();
                }
            };
        }, true);
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
                        Resp r = send(HttpRequest.newBuilder(uri("/segments/bulk"))
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
        Result svc = phase("GET /segments/{id}", CLIENTS, READ_WARMUP, DURATION, MAX_OPS, t -> {
            SplittableRandom rnd = new SplittableRandom(t * 1000003L);
            return () -> send(HttpRequest.newBuilder(uri("/segments/" + seedId(rnd.nextInt(SEED)))).GET(), 200);
        }, true);
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
        // The ceiling of the HTTP stack alone: the same request refused by authorization (another tenant's token),
        // i.e. Tomcat, the filters and JWT verification, no query and no JSON body.
        String other = System.getenv("BENCH_TOKEN_OTHER");
        if (other != null && !other.isBlank()) {
            Result floor = phase("GET refused (403)", CLIENTS, WARMUP, DURATION, MAX_OPS, t -> {
                SplittableRandom rnd = new SplittableRandom(t * 1000003L);
                return () -> send(HttpRequest.newBuilder(uri("/segments/" + seedId(rnd.nextInt(SEED)))).GET(), 403,
                        other);
            }, true);
            ROWS.add(new Row("2 floor", "the same GET refused with 403 (another tenant's token): HTTP, filters and JWT "
                    + "only, no database", floor, raw, String.format(Locale.ROOT, "%.0f%% thr",
                    100 * floor.throughput() / raw.throughput()), "info", "-"));
        }
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
            QCase compiled = engineSql(qc, head, page);
            if (compiled != null) {
                List<String> compiledIds;
                try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(compiled.sql)) {
                    bindQ(ps, compiled);
                    compiledIds = ids(ps);
                }
                String compiledSame = compiledIds.equals(db) ? "same " + compiledIds.size() + " ids"
                        : "DIFFERENT (" + compiledIds.size() + " vs " + db.size() + ")";
                Result engine = phase("q " + qc.key + " engine SQL", 1, Q_WARMUP, Q_DURATION, LATENCY_MAX_OPS, t -> {
                    Connection c = connect(svcJdbc);
                    PreparedStatement ps = c.prepareStatement(compiled.sql);
                    return new Op() {
                        public void run() throws Exception {
                            bindQ(ps, compiled);
                            readAll(ps);
                        }

                        public void close() throws SQLException {
                            c.close();
                        }
                    };
                });
                latencyRow("q " + qc.key + " SQL", "the SQL the service compiles for it, run over JDBC (" + compiledSame
                        + ")", engine, raw, 2.0, 50);
                NOTES.add("q " + qc.key + " compiled SQL: `" + abbreviate(compiled.sql.replace(head,
                        "select ... where s.tenant = ? and "), 200) + "`");
            }
        }
    }

    /**
     * The SQL the service itself compiles for a q case, from its own query engine (the query-side jar that
     * run.sh puts on the classpath), with the service's parameters; null when the engine is not available.
     */
    static QCase engineSql(QCase qc, String head, String page) {
        try {
            Object schema = Class.forName("dev.segments.query.segment.SegmentSearch").getField("SCHEMA").get(null);
            Object search = schema.getClass().getMethod("compile", String.class, String.class)
                    .invoke(schema, qc.q, qc.sort);
            Class<?> type = search.getClass();
            List<Object> params = new ArrayList<>((List<?>) type.getMethod("whereParameters").invoke(search));
            params.addAll((List<?>) type.getMethod("orderParameters").invoke(search));
            return new QCase(qc.key, qc.title, qc.q, qc.sort, head + "(" + type.getMethod("where").invoke(search)
                    + ") order by " + type.getMethod("orderBy").invoke(search) + page, params);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot compile " + qc.q + " with the service's engine", e);
        }
    }

    static void bindQ(PreparedStatement ps, QCase qc) throws SQLException {
        ps.setString(1, tenant);
        for (int i = 0; i < qc.params.size(); i++) {
            ps.setObject(i + 2, qc.params.get(i));
        }
    }

    // ---- issue 4: customer assignments ------------------------------------------------------------------------

    static final String ASSIGNED_EVENT = "dev.segments.events.assignment.CustomerAssignedEvent";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS);

    static void assignments() throws Exception {
        bulkAssignments();
        singleAssignments();
        ownSegments();
    }

    /** One customer assignment as a bulk entry, a stored event, a view row and a registry key. */
    record Asg(String customerId, String legalEntityId, String mixinsJson) {

        /** Every 4th entry B2B, every 2nd with mixins. */
        static Asg of(String customerId, long n) {
            return new Asg(customerId, n % 4 == 3 ? "le-" + (n % 50) : null,
                    n % 2 == 0 ? "{\"source\":\"crm\",\"score\":" + (n % 100) + "}" : null);
        }

        String apiJson() {
            return "{\"customerId\":\"" + customerId + "\""
                    + (legalEntityId == null ? "" : ",\"legalEntityId\":\"" + legalEntityId + "\"")
                    + (mixinsJson == null ? "" : ",\"mixins\":" + mixinsJson) + "}";
        }

        String key() {
            return "customer:" + customerId + (legalEntityId == null ? "" : ":" + legalEntityId);
        }

        /** The CustomerAssignedEvent payload as the service stores it (copied from rows the API wrote). */
        String eventJson(String segmentId, Instant at) {
            return "{\"tenant\":\"" + tenant + "\",\"segmentId\":\"" + segmentId + "\",\"generation\":1,"
                    + "\"customerId\":\"" + customerId + "\",\"legalEntityId\":"
                    + (legalEntityId == null ? "null" : "\"" + legalEntityId + "\"") + ",\"mixins\":" + mixinsJson
                    + ",\"metadataMixins\":null,\"version\":1,\"assignedAt\":\"" + at + "\"}";
        }
    }

    /** Raw JDBC writer of assignments: per assignment one event row, one view row, one registry row. */
    static final class RawAssignments implements AutoCloseable {
        final Connection c;
        final PreparedStatement event;
        final PreparedStatement view;
        final PreparedStatement registry;

        RawAssignments(String url) throws SQLException {
            c = connect(url);
            c.setAutoCommit(false);
            event = c.prepareStatement("insert into domain_event_entry (global_index, event_identifier, "
                    + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
                    + "meta_data) values (nextval('domain_event_entry_seq'), ?, ?, 0, 'CustomerAssignment', ?, '"
                    + ASSIGNED_EVENT + "', null, ?, ?)");
            view = c.prepareStatement("insert into customer_assignment_view (tenant, segment_id, customer_id, "
                    + "legal_entity_id, assignment_type, mixins, metadata_mixins, version, created_at, modified_at) "
                    + "values (?, ?, ?, ?, 'MANUAL', ?::jsonb, null, 1, ?, ?)");
            registry = c.prepareStatement("insert into segment_assignment_registry (tenant, segment_id, generation, "
                    + "assignment_key) values (?, ?, 1, ?)");
        }

        void add(String segmentId, Asg a, boolean batch) throws SQLException {
            Instant now = Instant.now();
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            event.setString(1, UUID.randomUUID().toString());
            event.setString(2, tenant + ":" + segmentId + ":1:" + a.key());
            event.setString(3, now.truncatedTo(ChronoUnit.MILLIS).toString());
            event.setBytes(4, a.eventJson(segmentId, now).getBytes(StandardCharsets.UTF_8));
            event.setBytes(5, ("{\"caller\":\"local-client\",\"correlationId\":\"" + UUID.randomUUID()
                    + "\",\"tenant\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8));
            view.setString(1, tenant);
            view.setString(2, segmentId);
            view.setString(3, a.customerId);
            view.setString(4, a.legalEntityId == null ? "" : a.legalEntityId);
            view.setString(5, a.mixinsJson);
            view.setObject(6, at);
            view.setObject(7, at);
            registry.setString(1, tenant);
            registry.setString(2, segmentId);
            registry.setString(3, a.key());
            if (batch) {
                event.addBatch();
                view.addBatch();
                registry.addBatch();
            } else {
                event.executeUpdate();
                view.executeUpdate();
                registry.executeUpdate();
            }
        }

        void commitBatch() throws SQLException {
            event.executeBatch();
            view.executeBatch();
            registry.executeBatch();
            c.commit();
        }

        public void close() throws SQLException {
            c.close();
        }
    }

    // ---- scenario 4.1: bulk upsert ----------------------------------------------------------------------------

    static void bulkAssignments() throws Exception {
        // A fresh service JVM spends its first minutes compiling (measured with JFR: C2 took about one of the two
        // cores for ~2 minutes of bulk load): run the write path before the first measured phase.
        log("== JVM warm-up: PUT customers/bulk at 16 clients for " + fmt(JIT_WARMUP, 0) + " s (not measured)");
        for (int t = 0; t < 16; t++) {
            createSegment(new Lite("abw-" + t, "main", "ACTIVE", null, null));
        }
        phase("JVM warm-up (bulk)", 16, 0, JIT_WARMUP, MAX_OPS, t -> {
            long[] n = {0};
            return () -> {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 200; i++) {
                    long k = n[0]++;
                    body.append(i == 0 ? "" : ",").append(Asg.of("w" + RUN + "-" + k, k).apiJson());
                }
                send(HttpRequest.newBuilder(uri("/segments/abw-" + t + "/customers/bulk"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body.append(']').toString())), 207);
            };
        });
        for (int clients : BULK_CLIENTS) {
            log("== assignments bulk: PUT /segments/{id}/customers/bulk (200 per request) at " + clients
                    + " clients vs raw JDBC batches of 200 (event+view+registry rows, 1 tx)");
            for (int t = 0; t < clients; t++) {
                createSegment(new Lite("ab" + clients + "-" + t, "main", "ACTIVE", null, null));
            }
            AtomicLong rywTimeouts = new AtomicLong();
            java.util.Queue<Long> svcDone = new java.util.concurrent.ConcurrentLinkedQueue<>();
            // each side starts on fresh statistics and without the previous phase's dirty pages: a checkpoint
            // that fell into a measured phase (max_wal_size reached by the warm-up's writes) cost it two thirds
            log(String.format(Locale.ROOT, "   settled (vacuum analyze, checkpoint, lag 0) in %.1f s", settle()));
            Result svc = phase("PUT customers/bulk", clients, BULK_WARMUP, BULK_DURATION, MAX_OPS, t -> {
                String segment = "ab" + clients + "-" + t;
                long[] n = {0};
                return () -> {
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < 200; i++) {
                        long k = n[0]++;
                        body.append(i == 0 ? "" : ",").append(Asg.of("b" + RUN + "-" + k, k).apiJson());
                    }
                    Resp r = send(HttpRequest.newBuilder(uri("/segments/" + segment + "/customers/bulk"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body.append(']').toString())), 207);
                    int created = count(new String(r.body(), StandardCharsets.UTF_8), "\"code\":201");
                    if (created != 200) {
                        throw new IOException("bulk: " + created + " of 200 entries created");
                    }
                    if (r.headers().firstValue("X-Read-Your-Writes").isPresent()) {
                        rywTimeouts.incrementAndGet();
                    }
                    svcDone.add(System.nanoTime());
                };
            });
            Result svcWindow = completions(svc, svcDone, 200);
            java.util.Queue<Long> rawDone = new java.util.concurrent.ConcurrentLinkedQueue<>();
            log(String.format(Locale.ROOT, "   settled (vacuum analyze, checkpoint, lag 0) in %.1f s", settle()));
            Result raw = phase("raw batch insert 200", clients, BULK_WARMUP, BULK_DURATION, MAX_OPS, t -> {
                String segment = "ab" + clients + "-" + t;
                RawAssignments w = new RawAssignments(rawJdbc);
                long[] n = {0};
                return new Op() {
                    public void run() throws Exception {
                        for (int i = 0; i < 200; i++) {
                            long k = n[0]++;
                            w.add(segment, Asg.of("b" + RUN + "-" + k, k), true);
                        }
                        w.commitBatch();
                        rawDone.add(System.nanoTime());
                    }

                    public void close() throws SQLException {
                        w.close();
                    }
                };
            });
            Result rawWindow = completions(raw, rawDone, 200);
            log(String.format(Locale.ROOT, "   assignments/s in the measured window: service %.0f, raw %.0f",
                    svcWindow.throughput(), rawWindow.throughput()));
            throughputRow("4.1 bulk", "PUT customers/bulk, 200 per request vs raw JDBC batch of 200 per tx "
                    + "(ops/s = assignments/s; latency per request / tx)", svcWindow, rawWindow, 0.30);
            if (rywTimeouts.get() > 0) {
                NOTES.add("assignments bulk at " + clients + " clients: " + rywTimeouts.get()
                        + " responses carried X-Read-Your-Writes: timeout.");
            }
        }
    }

    /**
     * Throughput from the requests that COMPLETED inside the measured window (also those started during the
     * warm-up), times {@code perOp}: with requests that take seconds, counting only requests started in the
     * window would leave the window's first seconds (spent finishing warm-up requests) unaccounted.
     * Latencies stay those of the requests started in the window.
     */
    static Result completions(Result r, java.util.Queue<Long> done, int perOp) {
        long n = done.stream().filter(t -> t >= windowStart && t <= windowEnd).count();
        return new Result(r.label, r.threads, n * perOp, r.errors, (windowEnd - windowStart) / 1e9, r.sorted, r.cpu,
                r.firstError);
    }

    // ---- scenario 4.2: single assignment into a small and a huge segment ---------------------------------------

    static void singleAssignments() throws Exception {
        String small = "a1k";
        String big = "a1m";
        createSegment(new Lite(small, "main", "ACTIVE", null, null));
        createSegment(new Lite(big, "main", "ACTIVE", null, null));
        // the small segment through the API (bulk), the baseline's copy with SQL
        long t0 = System.nanoTime();
        SplittableRandom ids = new SplittableRandom(4242);
        List<String[]> requests = new ArrayList<>();
        for (int from = 0; from < SMALL_SEGMENT; from += 200) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(SMALL_SEGMENT, from + 200); i++) {
                body.append(i == from ? "" : ",").append(Asg.of(hex(ids), i).apiJson());
            }
            requests.add(new String[] {"/segments/" + small + "/customers/bulk", body.append(']').toString()});
        }
        putAll("seed " + small + " (API bulk)", requests, 1);
        String smallSeconds = fmt(secondsSince(t0), 1);
        try (Connection raw = connect(rawJdbc)) {
            seedAssignments(raw, "select '" + small + "'::text as sid, substr(md5('" + small + ":' || g), 1, 16) as cid "
                    + "from generate_series(1, " + SMALL_SEGMENT + ") g");
        }
        settle();
        Map<String, Result> at1k = measureSingle(small, "1k");

        log("== seeding " + String.format(Locale.ROOT, "%,d", BIG_SEGMENT) + " assignments of segment " + big
                + " with SQL (service database and baseline database)");
        long t1 = System.nanoTime();
        long[] cpu0 = cpuTicks();
        String rows = "select '" + big + "'::text as sid, substr(md5('" + big + ":' || g), 1, 16) as cid "
                + "from generate_series(1, " + BIG_SEGMENT + ") g";
        double svcSeed;
        try (Connection c = connect(svcJdbc)) {
            svcSeed = seedAssignments(c, rows);
        }
        double rawSeed;
        try (Connection c = connect(rawJdbc)) {
            rawSeed = seedAssignments(c, rows);
        }
        cpuRow("seed " + big + " (SQL, both dbs)", 1, cpu0, t1);
        double settle = settle();
        String checks = checkSeeded(big, small);
        SEED_TEXT.append(String.format(Locale.ROOT, "Assignments 4.2: segment `%s` got %,d assignments through "
                        + "`PUT .../customers/bulk` (%s s); segment `%s` got %,d assignments with SQL in %.1f s (service "
                        + "database; the same rows in the baseline database: %.1f s), then VACUUM ANALYZE + CHECKPOINT "
                        + "+ processors at lag 0 (%.1f s). %s%n", small, SMALL_SEGMENT, smallSeconds, big, BIG_SEGMENT,
                svcSeed, rawSeed, settle, checks));
        Map<String, Result> at1m = measureSingle(big, "1M");
        // control: the small segment again, now with the JVM as warm as for the big one and the tables as large
        Map<String, Result> again = measureSingle(small, "1k again");
        for (int clients : SINGLE_CLIENTS) {
            Result s1 = at1k.get("svc" + clients);
            Result r1 = at1k.get("raw" + clients);
            Result s3 = again.get("svc" + clients);
            Result r3 = again.get("raw" + clients);
            row("4.2 single", "PUT customers/{new} into a segment of " + fmt(SMALL_SEGMENT, 0) + " (before the big seed)",
                    s1, r1, ratio("p50", s1.pct(.5), r1.pct(.5)), "info (reference)", "-");
            Result s2 = at1m.get("svc" + clients);
            Result r2 = at1m.get("raw" + clients);
            double growth = s2.pct(.5) / s1.pct(.5);
            double growthAgain = s2.pct(.5) / s3.pct(.5);
            row("4.2 single", "PUT customers/{new} into a segment of " + fmt(BIG_SEGMENT, 0) + " (raw p50: "
                            + fmt(r2.pct(.5) / r1.pct(.5), 2) + "x / " + fmt(r2.pct(.5) / r3.pct(.5), 2) + "x its small-segment p50s)",
                    s2, r2, ratio("p50", s2.pct(.5), r2.pct(.5)),
                    "p50 <= 1.5x small-segment p50: **" + fmt(growth, 2) + "x** / **" + fmt(growthAgain, 2) + "x**",
                    Math.max(growth, growthAgain) <= 1.5 && s2.errors == 0 ? "yes" : "**NO**");
            row("4.2 single", "control: the small segment again, after the big one", s3, r3,
                    ratio("p50", s3.pct(.5), r3.pct(.5)), "info (reference)", "-");
        }
    }

    static Map<String, Result> measureSingle(String segment, String size) throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        for (int clients : SINGLE_CLIENTS) {
            log("== assignments single: PUT /segments/" + segment + "/customers/{new} at " + clients
                    + " client(s) vs raw insert (event+view+registry, 1 tx)");
            AtomicLong rywTimeouts = new AtomicLong();
            results.put("svc" + clients, phase("PUT customer @" + size, clients, ASSIGN_WARMUP, ASSIGN_DURATION,
                    LATENCY_MAX_OPS, t -> {
                        SplittableRandom rnd = new SplittableRandom(System.nanoTime() + t);
                        return () -> {
                            Resp r = send(HttpRequest.newBuilder(uri("/segments/" + segment + "/customers/"
                                            + hex(rnd))).header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString("{}")), 201);
                            if (r.headers().firstValue("X-Read-Your-Writes").isPresent()) {
                                rywTimeouts.incrementAndGet();
                            }
                        };
                    }));
            results.put("raw" + clients, phase("raw insert @" + size, clients, ASSIGN_WARMUP, ASSIGN_DURATION,
                    LATENCY_MAX_OPS, t -> {
                        SplittableRandom rnd = new SplittableRandom(System.nanoTime() + t);
                        RawAssignments w = new RawAssignments(rawJdbc);
                        return new Op() {
                            public void run() throws Exception {
                                w.add(segment, new Asg(hex(rnd), null, null), false);
                                w.c.commit();
                            }

                            public void close() throws SQLException {
                                w.close();
                            }
                        };
                    }));
            if (rywTimeouts.get() > 0) {
                NOTES.add("single PUT @" + size + " at " + clients + " clients: " + rywTimeouts.get()
                        + " responses carried X-Read-Your-Writes: timeout.");
            }
        }
        return results;
    }

    /**
     * Inserts customer assignments directly, as the service itself would have stored them: per row of
     * {@code rowsSql} (columns sid, cid) one CustomerAssignedEvent row in domain_event_entry (payload and
     * metadata in the service's JSON shape, sequence 0 of aggregate {tenant}:{sid}:1:customer:{cid}), the
     * customer_assignment_view row its projection writes for that event, and the segment_assignment_registry
     * row its subscribing handler writes. The event rows take global indexes BELOW every existing one
     * (negative): the tracking processors, whose tokens are already past them, never re-deliver them (their
     * view rows exist already), while aggregate loading (by aggregate id and sequence) and a replay from the
     * tail see them like any other event. One transaction; then the caller runs {@link #settle()}.
     * Returns the seconds taken.
     */
    static double seedAssignments(Connection c, String rowsSql) throws SQLException {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("create temp table seed_rows on commit drop as select x.sid, x.cid, row_number() over () as n, "
                    + "now() - interval '30 days' + row_number() over () * interval '1 millisecond' as at from ("
                    + rowsSql + ") x");
            long low = Long.parseLong(scalarRow(c, "select least(coalesce(min(global_index), 0), 0) from domain_event_entry"));
            String iso = "'YYYY-MM-DD\"T\"HH24:MI:SS";
            st.execute("insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "select " + low + " - n, gen_random_uuid()::text, '" + tenant + ":' || sid || ':1:customer:' || cid, "
                    + "0, 'CustomerAssignment', to_char(at at time zone 'UTC', " + iso + ".MS\"Z\"'), '" + ASSIGNED_EVENT
                    + "', null, convert_to('{\"tenant\":\"" + tenant + "\",\"segmentId\":\"' || sid || '\",\"generation\":1,"
                    + "\"customerId\":\"' || cid || '\",\"legalEntityId\":null,\"mixins\":null,\"metadataMixins\":null,"
                    + "\"version\":1,\"assignedAt\":\"' || to_char(at at time zone 'UTC', " + iso + ".US\"Z\"') || '\"}', 'UTF8'), "
                    + "convert_to('{\"caller\":\"local-client\",\"correlationId\":\"' || gen_random_uuid() || '\","
                    + "\"tenant\":\"" + tenant + "\"}', 'UTF8') from seed_rows");
            st.execute("insert into customer_assignment_view (tenant, segment_id, customer_id, legal_entity_id, "
                    + "assignment_type, mixins, metadata_mixins, version, created_at, modified_at) select '" + tenant
                    + "', sid, cid, '', 'MANUAL', null, null, 1, at, at from seed_rows");
            st.execute("insert into segment_assignment_registry (tenant, segment_id, generation, assignment_key) "
                    + "select '" + tenant + "', sid, 1, 'customer:' || cid from seed_rows");
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        double secs = secondsSince(t0);
        log(String.format(Locale.ROOT, "   seeded assignments with SQL in %.1f s", secs));
        return secs;
    }

    /**
     * Before a measured part that follows bulk loading: VACUUM ANALYZE of the tables involved in both databases,
     * a CHECKPOINT (so the loading's dirty pages are not written during the measurement), and every tracking
     * processor of the service at lag 0. Returns the seconds taken.
     */
    static double settle() throws Exception {
        long t0 = System.nanoTime();
        String tables = "domain_event_entry, customer_assignment_view, segment_assignment_registry, segment_view, "
                + "segment_registry, item_assignment_view, category_reference, product_reference, product_category";
        try (Connection s = connect(svcJdbc); Connection r = connect(rawJdbc)) {
            s.createStatement().execute("vacuum analyze " + tables);
            r.createStatement().execute("vacuum analyze " + tables);
            s.createStatement().execute("checkpoint");
        }
        awaitProjections();
        return secondsSince(t0);
    }

    /** Waits (at most 10 minutes) until /actuator/health reports lag 0 for every event processor. */
    static void awaitProjections() throws Exception {
        long t0 = System.nanoTime();
        Pattern lag = Pattern.compile("\"lag\":(\\d+)");
        String last = "";
        while (secondsSince(t0) < 600) {
            last = new String(LeanHttp.exchange(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET()
                    .build()).body(), StandardCharsets.UTF_8);
            Matcher m = lag.matcher(last);
            int processors = 0;
            boolean behind = false;
            while (m.find()) {
                processors++;
                behind |= !m.group(1).equals("0");
            }
            if (processors >= 3 && !behind) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("processors still behind after 600 s: " + abbreviate(last, 500));
    }

    /** Evidence that the SQL-seeded assignments are state the service accepts, for the report. */
    static String checkSeeded(String big, String apiWritten) throws Exception {
        String customer;
        String keysSeeded;
        String keysApi;
        String metaSeeded;
        String metaApi;
        try (Connection c = connect(svcJdbc)) {
            customer = scalarRow(c, "select customer_id from customer_assignment_view where tenant = ? and segment_id = ? "
                    + "order by customer_id limit 1", tenant, big);
            String keys = "select string_agg(k, ',' order by k) from (select jsonb_object_keys(convert_from(payload, "
                    + "'UTF8')::jsonb) k from (select payload from domain_event_entry where aggregate_identifier like ? "
                    + "order by global_index limit 1) e) x";
            String meta = keys.replace("payload, 'UTF8'", "meta_data, 'UTF8'").replace("select payload from", "select meta_data from");
            keysSeeded = scalarRow(c, keys, tenant + ":" + big + ":1:customer:%");
            keysApi = scalarRow(c, keys, tenant + ":" + apiWritten + ":1:customer:%");
            metaSeeded = scalarRow(c, meta, tenant + ":" + big + ":1:customer:%");
            metaApi = scalarRow(c, meta, tenant + ":" + apiWritten + ":1:customer:%");
        }
        get("/segments/" + big + "/customers/" + customer);
        Resp update = send(HttpRequest.newBuilder(uri("/segments/" + big + "/customers/" + customer))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mixins\":{\"checked\":true}}")), 204);
        boolean ryw = update.headers().firstValue("X-Read-Your-Writes").isEmpty();
        String after = get("/segments/" + big + "/customers/" + customer);
        if (!keysSeeded.equals(keysApi) || !metaSeeded.equals(metaApi) || !ryw || !after.contains("\"checked\":true")
                || !after.contains("\"version\":2")) {
            throw new IllegalStateException("seeded assignments are not equivalent: payload keys " + keysSeeded + " vs "
                    + keysApi + ", metadata keys " + metaSeeded + " vs " + metaApi + ", read-your-writes " + ryw
                    + ", after update " + abbreviate(after, 300));
        }
        return "Checks: seeded and API-written events have the same payload keys (" + keysSeeded + ") and metadata "
                + "keys; `GET .../customers/" + customer + "` of a seeded assignment is 200; `PUT` on it with new mixins "
                + "is 204 (the aggregate was sourced from the seeded event, so it updated instead of creating) and the "
                + "projection applied the update to the seeded row (version 2, in time for read-your-writes).";
    }

    // ---- scenario 4.3: a customer's own segments --------------------------------------------------------------

    static void ownSegments() throws Exception {
        String customer = subject(System.getenv("BENCH_TOKEN_OWN"));
        String customerToken = System.getenv("BENCH_TOKEN_OWN");
        log("== own segments: " + OWN_SEGMENTS + " segments (PUT /segments/bulk), " + OWN_ASSIGNMENTS
                + " assignments (SQL), customer " + customer + " in " + MEMBER_OF + " segments (API)");
        long t0 = System.nanoTime();
        List<String[]> requests = new ArrayList<>();
        for (int from = 0; from < OWN_SEGMENTS; from += 200) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(OWN_SEGMENTS, from + 200); i++) {
                body.append(i == from ? "" : ",").append(Lite.own(i).json());
            }
            requests.add(new String[] {"/segments/bulk", body.append(']').toString()});
        }
        putAll("seed own-list segments (API bulk)", requests, SEED_CLIENTS);
        double segSecs = secondsSince(t0);
        int perSegment = Math.max(1, OWN_ASSIGNMENTS / OWN_SEGMENTS);
        int classes = Math.max(1, OWN_SEGMENTS / 5);
        long t1 = System.nanoTime();
        long[] cpu0 = cpuTicks();
        double sqlSecs;
        try (Connection c = connect(svcJdbc)) {
            // segment g % S gets customer (g / S) * M + (37 * segment) % M: each customer is in about 5 segments
            sqlSecs = seedAssignments(c, "select 'ol-' || lpad((g % " + OWN_SEGMENTS + ")::text, 5, '0') as sid, "
                    + "'olc-' || lpad(((g / " + OWN_SEGMENTS + ") * " + classes + " + ((g % " + OWN_SEGMENTS + ") * 37) % "
                    + classes + ")::text, 7, '0') as cid from generate_series(0, " + ((long) perSegment * OWN_SEGMENTS - 1)
                    + ") g");
        }
        cpuRow("seed own-list assignments (SQL)", 1, cpu0, t1);
        Random pick = new Random(7);
        List<Integer> mine = new ArrayList<>();
        while (mine.size() < Math.min(MEMBER_OF, OWN_SEGMENTS)) {
            int s = pick.nextInt(OWN_SEGMENTS);
            if (!mine.contains(s)) {
                mine.add(s);
            }
        }
        int live = 0;
        for (int s : mine) {
            send(HttpRequest.newBuilder(uri("/segments/" + Lite.own(s).id + "/customers/" + customer))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")), 201);
            live += Lite.own(s).liveAt(Instant.now()) ? 1 : 0;
        }
        double settle = settle();
        SEED_TEXT.append(String.format(Locale.ROOT, "Assignments 4.3: %,d segments through `PUT /segments/bulk` "
                        + "(%.1f s; ACTIVE 85%%, validity none 50%% / current 40%% / expired 10%%), %,d assignments spread "
                        + "over them with SQL (%d per segment, %,d customers in about 5 segments each; %.1f s), customer `%s` "
                        + "assigned through the API to %d random segments (%d of them active now), VACUUM ANALYZE + "
                        + "CHECKPOINT + lag 0 (%.1f s). customer_assignment_view then holds %s rows (including the other "
                        + "scenarios' segments).%n", OWN_SEGMENTS, segSecs, (long) perSegment * OWN_SEGMENTS, perSegment,
                (long) perSegment * classes, sqlSecs, customer, mine.size(), live, settle,
                countRows(svcJdbc, "select count(*) from customer_assignment_view")));

        String sql = "select " + COLUMNS + " from segment_view s join customer_assignment_view a on a.tenant = s.tenant "
                + "and a.segment_id = s.id where s.tenant = ? and a.customer_id = ? and a.legal_entity_id = '' "
                + "and s.status = 'ACTIVE' and (s.validity_from is null or s.validity_from <= now()) "
                + "and (s.validity_to is null or s.validity_to > now()) order by s.id limit 60";
        List<String> api = ids(new String(send(HttpRequest.newBuilder(uri("/segments")).GET(), 200, customerToken).body(),
                StandardCharsets.UTF_8));
        List<String> db;
        try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setString(2, customer);
            db = ids(ps);
        }
        String same = api.equals(db) ? "same " + api.size() + " ids" : "DIFFERENT (" + api.size() + " vs " + db.size() + ")";
        log("== own segments: GET /segments with a customer token (" + same + ")");
        Result svc = phase("own list API", 1, ASSIGN_WARMUP, ASSIGN_DURATION, LATENCY_MAX_OPS,
                t -> () -> send(HttpRequest.newBuilder(uri("/segments")).GET(), 200, customerToken));
        Result raw = phase("own list SQL", 1, ASSIGN_WARMUP, ASSIGN_DURATION, LATENCY_MAX_OPS, t -> {
            Connection c = connect(svcJdbc);
            PreparedStatement ps = c.prepareStatement(sql);
            return new Op() {
                public void run() throws Exception {
                    ps.setString(1, tenant);
                    ps.setString(2, customer);
                    readAll(ps);
                }

                public void close() throws SQLException {
                    c.close();
                }
            };
        });
        latencyRow("4.3 own list", "GET /segments, customer token, member of " + mine.size() + " of "
                + fmt(OWN_SEGMENTS, 0) + " segments (" + same + ")", svc, raw, Double.NaN, 15);
        NOTES.add("4.3 own list hand-written SQL: `" + sql.replace(COLUMNS, "<all columns>") + "`");
    }

    // ---- segments for the assignment and item scenarios ------------------------------------------------------

    /** A segment with only the fields these scenarios filter on. */
    record Lite(String id, String site, String status, Instant from, Instant to) {

        /** Own-list segments: ACTIVE 85%; validity none 50%, current 40%, expired 10%. */
        static Lite own(int i) {
            SplittableRandom r = new SplittableRandom(i * 1_000_003L + 5);
            String status = r.nextInt(100) < 85 ? "ACTIVE" : "INACTIVE";
            int v = r.nextInt(10);
            return new Lite(String.format("ol-%05d", i), "site" + r.nextInt(10), status, v < 5 ? null
                    : v < 9 ? NOW.minus(100, ChronoUnit.DAYS) : EPOCH, v < 5 ? null
                    : v < 9 ? NOW.plus(300, ChronoUnit.DAYS) : EPOCH.plus(180, ChronoUnit.DAYS));
        }

        /** Item segments: site main 80% (else outlet), ACTIVE 90%; validity none 70%, current 20%, expired 10%. */
        static Lite item(int i) {
            SplittableRandom r = new SplittableRandom(i * 1_000_003L + 11);
            String site = r.nextInt(10) < 8 ? "main" : "outlet";
            String status = r.nextInt(10) < 9 ? "ACTIVE" : "INACTIVE";
            int v = r.nextInt(10);
            return new Lite(String.format("it-%04d", i), site, status, v < 7 ? null
                    : v < 9 ? NOW.minus(100, ChronoUnit.DAYS) : EPOCH, v < 7 ? null
                    : v < 9 ? NOW.plus(300, ChronoUnit.DAYS) : EPOCH.plus(180, ChronoUnit.DAYS));
        }

        boolean liveAt(Instant now) {
            return status.equals("ACTIVE") && (from == null || !from.isAfter(now)) && (to == null || to.isAfter(now));
        }

        String json() {
            return "{\"id\":\"" + id + "\",\"name\":{\"en\":\"Segment " + id + "\"},\"siteCode\":\"" + site
                    + "\",\"status\":\"" + status + "\""
                    + (from == null ? "" : ",\"validity\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}") + "}";
        }
    }

    static void createSegment(Lite segment) throws Exception {
        Resp r = LeanHttp.exchange(HttpRequest.newBuilder(uri("/segments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(segment.json())).build());
        if (r.statusCode() == 409) {
            throw new IllegalStateException("segment " + segment.id + " exists already: these scenarios need fresh "
                    + "databases (bench/run.sh recreates them)");
        }
        if (r.statusCode() != 201) {
            throw new IOException("HTTP " + r.statusCode() + " creating segment " + segment.id + ": "
                    + abbreviate(new String(r.body(), StandardCharsets.UTF_8), 300));
        }
    }

    /**
     * Seeding through the API: sends each {path, body} as a PUT bulk request (answer 207), with {@code clients}
     * concurrent clients, and fails unless every entry answered 201 or 204. Adds a CPU row.
     */
    static void putAll(String label, List<String[]> requests, int clients) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        long t0 = System.nanoTime();
        long[] cpu0 = cpuTicks();
        Thread[] threads = new Thread[clients];
        for (int k = 0; k < clients; k++) {
            threads[k] = new Thread(() -> {
                try {
                    long i;
                    while ((i = next.getAndIncrement()) < requests.size() && error.get() == null) {
                        String[] req = requests.get((int) i);
                        Resp r = send(HttpRequest.newBuilder(uri(req[0]))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(req[1])), 207);
                        String text = new String(r.body(), StandardCharsets.UTF_8);
                        failed.addAndGet(count(text, "\"index\":") - count(text, "\"code\":201")
                                - count(text, "\"code\":204"));
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "put-" + k);
            threads[k].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException(label + " failed", error.get());
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(label + ": " + failed.get() + " entries failed");
        }
        cpuRow(label, clients, cpu0, t0);
        log(String.format(Locale.ROOT, "   %s: %d requests in %.1f s", label, requests.size(), secondsSince(t0)));
    }

    static void cpuRow(String label, int clients, long[] cpu0, long t0) {
        double secs = secondsSince(t0);
        long[] cpu1 = cpuTicks();
        double hz = 100.0 * secs;
        Cpu cpu = new Cpu((cpu1[0] - cpu0[0]) / hz, (cpu1[1] - cpu0[1]) / hz, (cpu1[2] - cpu0[2]) / hz,
                (cpu1[3] - cpu0[3]) / hz, secs);
        CPU_ROWS.add("| " + label + " (" + fmt(secs, 1) + " s) | " + clients + " | " + cpu.cores() + " |");
    }

    static String hex(SplittableRandom rnd) {
        return String.format("%016x", rnd.nextLong());
    }

    static String subject(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw new IllegalArgumentException("customer tokens BENCH_TOKEN_OWN / BENCH_TOKEN_TREES are needed (run.sh mints them)");
        }
        String claims = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(claims);
        if (!m.find()) {
            throw new IllegalArgumentException("token without sub");
        }
        return m.group(1);
    }

    static String countRows(String url, String sql) throws SQLException {
        try (Connection c = connect(url)) {
            return fmt(Double.parseDouble(scalarRow(c, sql)), 0);
        }
    }

    static String ratio(String what, double svc, double raw) {
        return String.format(Locale.ROOT, "%s %.1fx", what, svc / raw);
    }

    static void row(String scenario, String what, Result svc, Result raw, String ratio, String target, String ok) {
        ROWS.add(new Row(scenario, what, svc, raw, ratio, target, ok));
    }

    // ---- issue 5: item assignments, matching, category trees ------------------------------------------------

    /** Share of the categories on levels 0-4 (roots to depth 4); the rest is level 5 (depth 6). */
    static final double[] LEVEL_SHARE = {0.001, 0.006, 0.03, 0.12, 0.30};
    /** How often a segment's CATEGORY assignment is on level 1..5, in percent (never a root). */
    static final int[] ASSIGNED_LEVEL_PERCENT = {5, 15, 30, 25, 25};

    /** First category number of each level 0..5, then the number of categories. */
    static int[] levelStarts() {
        int[] start = new int[7];
        for (int k = 0; k < 5; k++) {
            start[k + 1] = start[k] + Math.max(1, (int) Math.round(CATEGORIES * LEVEL_SHARE[k]));
        }
        start[6] = CATEGORIES;
        if (start[5] >= CATEGORIES || CATEGORIES > 99_999 || PRODUCTS > 999_999) {
            throw new IllegalArgumentException("SEGMENTS_BENCH_CATEGORIES must be 100..99999 and PRODUCTS <= 999999");
        }
        return start;
    }

    static String categoryId(int i) {
        return String.format("cat-%05d", i);
    }

    static String productId(int i) {
        return String.format("prd-%06d", i);
    }

    /** The items assigned to item segment i: categories at various depths and products. */
    record ItemSet(List<String> categories, List<String> products) {
        static ItemSet of(int segment, int[] start) {
            SplittableRandom r = new SplittableRandom(segment * 7_000_003L + 13);
            List<String> categories = new ArrayList<>();
            while (categories.size() < SEGMENT_CATEGORIES) {
                int p = r.nextInt(100);
                int level = 1;
                for (int k = 0; k < ASSIGNED_LEVEL_PERCENT.length && p >= ASSIGNED_LEVEL_PERCENT[k]; k++) {
                    p -= ASSIGNED_LEVEL_PERCENT[k];
                    level++;
                }
                String id = categoryId(start[level] + r.nextInt(start[level + 1] - start[level]));
                if (!categories.contains(id)) {
                    categories.add(id);
                }
            }
            List<String> products = new ArrayList<>();
            while (products.size() < Math.min(SEGMENT_PRODUCTS, PRODUCTS)) {
                String id = productId(r.nextInt(PRODUCTS));
                if (!products.contains(id)) {
                    products.add(id);
                }
            }
            return new ItemSet(categories, products);
        }
    }

    /** A match request: random segments, 10% of the items assigned directly to them, the rest random products. */
    record MatchReq(List<String> segments, List<String> products) {
        static MatchReq random(SplittableRandom r, List<ItemSet> sets) {
            List<Integer> chosen = new ArrayList<>();
            while (chosen.size() < Math.min(MATCH_SEGMENTS, ITEM_SEGMENTS)) {
                int s = r.nextInt(ITEM_SEGMENTS);
                if (!chosen.contains(s)) {
                    chosen.add(s);
                }
            }
            List<String> products = new ArrayList<>();
            for (int i = 0; i < MATCH_ITEMS; i++) {
                if (i < MATCH_ITEMS / 10) {
                    List<String> direct = sets.get(chosen.get(r.nextInt(chosen.size()))).products;
                    products.add(direct.get(r.nextInt(direct.size())));
                } else {
                    products.add(productId(r.nextInt(PRODUCTS)));
                }
            }
            return new MatchReq(chosen.stream().map(s -> Lite.item(s).id).toList(), products);
        }

        String json() {
            StringBuilder b = new StringBuilder("{\"items\":[");
            for (int i = 0; i < products.size(); i++) {
                b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(products.get(i)).append("\"}");
            }
            b.append("],\"segmentIds\":[");
            for (int i = 0; i < segments.size(); i++) {
                b.append(i == 0 ? "" : ",").append('"').append(segments.get(i)).append('"');
            }
            return b.append("],\"siteCode\":\"main\"}").toString();
        }

        void bind(Connection c, PreparedStatement ps) throws SQLException {
            java.sql.Array p = c.createArrayOf("varchar", products.toArray());
            java.sql.Array s = c.createArrayOf("varchar", segments.toArray());
            ps.setString(1, tenant);
            ps.setArray(2, p);
            ps.setString(3, tenant);
            ps.setString(4, tenant);
            ps.setArray(5, s);
            ps.setString(6, "main");
            ps.setString(7, tenant);
            ps.setString(8, tenant);
            ps.setArray(9, p);
        }
    }

    /** The catalog is a tree (the reference API rejects cycles), so the walk up needs no de-duplication. */
    static final String MATCH_SQL = """
            with recursive up (product_id, category_id) as (
                select pc.product_id, pc.category_id from product_category pc
                where pc.tenant = ? and pc.product_id = any (?)
              union all
                select up.product_id, c.parent_id from up
                join category_reference c on c.tenant = ? and c.category_id = up.category_id
                where c.parent_id is not null
            ),
            live as (
                select s.id from segment_view s
                where s.tenant = ? and s.id = any (?) and s.site_code = ? and s.status = 'ACTIVE'
                  and (s.validity_from is null or s.validity_from <= now()) and (s.validity_to is null or s.validity_to > now())
            )
            select up.product_id from up
            join item_assignment_view a on a.tenant = ? and a.item_type = 'CATEGORY' and a.item_id = up.category_id
            join live on live.id = a.segment_id
            union
            select a.item_id from item_assignment_view a join live on live.id = a.segment_id
            where a.tenant = ? and a.item_type = 'PRODUCT' and a.item_id = any (?)
            """;

    static final String TREES_SQL = """
            with recursive assigned as (
                select distinct i.item_id as category_id
                from customer_assignment_view a
                join segment_view s on s.tenant = a.tenant and s.id = a.segment_id
                join item_assignment_view i on i.tenant = s.tenant and i.segment_id = s.id and i.item_type = 'CATEGORY'
                where a.tenant = ? and a.customer_id = ? and a.legal_entity_id = '' and s.site_code = ?
                  and s.status = 'ACTIVE' and (s.validity_from is null or s.validity_from <= now())
                  and (s.validity_to is null or s.validity_to > now())
            ),
            down (category_id) as (
                select category_id from assigned
              union
                select c.category_id from down join category_reference c on c.tenant = ? and c.parent_id = down.category_id
            ),
            up (category_id) as (
                select category_id from assigned
              union
                select c.parent_id from up join category_reference c on c.tenant = ? and c.category_id = up.category_id
                where c.parent_id is not null
            )
            select c.category_id, c.parent_id, c.code, c.name, c.localized_description, c.localized_slug, c.ecn,
                   c.validity_from, c.validity_to, c.position, c.published,
                   c.category_id in (select category_id from down) as assigned
            from category_reference c
            where c.tenant = ? and c.category_id in (select category_id from down union select category_id from up)
            order by c.category_id
            """;

    static void items() throws Exception {
        String customerToken = System.getenv("BENCH_TOKEN_TREES");
        String customer = subject(customerToken);
        int[] start = levelStarts();
        log("== items: catalog of " + CATEGORIES + " categories / " + PRODUCTS + " products (SQL), " + ITEM_SEGMENTS
                + " segments with " + SEGMENT_CATEGORIES + " CATEGORY + " + SEGMENT_PRODUCTS + " PRODUCT assignments (API)");
        long t0 = System.nanoTime();
        long[] cpu0 = cpuTicks();
        String placements = seedCatalog(start);
        double catalogSecs = secondsSince(t0);
        cpuRow("seed catalog (SQL)", 1, cpu0, t0);

        long t1 = System.nanoTime();
        List<String[]> requests = new ArrayList<>();
        for (int from = 0; from < ITEM_SEGMENTS; from += 200) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(ITEM_SEGMENTS, from + 200); i++) {
                body.append(i == from ? "" : ",").append(Lite.item(i).json());
            }
            requests.add(new String[] {"/segments/bulk", body.append(']').toString()});
        }
        putAll("seed item segments (API bulk)", requests, SEED_CLIENTS);
        List<ItemSet> sets = new ArrayList<>();
        requests.clear();
        for (int i = 0; i < ITEM_SEGMENTS; i++) {
            ItemSet set = ItemSet.of(i, start);
            sets.add(set);
            requests.add(new String[] {"/segments/" + Lite.item(i).id + "/items/CATEGORY/bulk", idArray(set.categories)});
            requests.add(new String[] {"/segments/" + Lite.item(i).id + "/items/PRODUCT/bulk", idArray(set.products)});
        }
        long t2 = System.nanoTime();
        putAll("seed item assignments (API bulk)", requests, SEED_CLIENTS);
        double itemSecs = secondsSince(t2);
        Random pick = new Random(11);
        List<Integer> mine = new ArrayList<>();
        for (int guard = 0; mine.size() < MEMBER_OF && guard < 100 * ITEM_SEGMENTS; guard++) {
            int s = pick.nextInt(ITEM_SEGMENTS);
            Lite seg = Lite.item(s);
            if (!mine.contains(s) && seg.site.equals("main") && seg.liveAt(Instant.now())) {
                mine.add(s);
            }
        }
        for (int s : mine) {
            send(HttpRequest.newBuilder(uri("/segments/" + Lite.item(s).id + "/customers/" + customer))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")), 201);
        }
        double settle = settle();
        int[] levels = new int[6];
        for (int s : mine) {
            for (String cat : sets.get(s).categories) {
                int n = Integer.parseInt(cat.substring(4));
                for (int k = 0; k < 6; k++) {
                    levels[k] += n >= start[k] && n < start[k + 1] ? 1 : 0;
                }
            }
        }
        SEED_TEXT.append(String.format(Locale.ROOT, "Items: catalog replica with SQL (%.1f s): %,d categories on 6 "
                        + "levels (%s per level), %,d products, %s placements (every product in 1 category of levels 4-5, 40%% "
                        + "also in one of levels 2-5). %,d segments through `PUT /segments/bulk` (site main 80%%, ACTIVE 90%%, "
                        + "validity none 70%% / current 20%% / expired 10%%); %,d item assignments through "
                        + "`PUT .../items/{type}/bulk` (%,d requests, %.1f s = %,.0f assignments/s; per segment %d CATEGORY "
                        + "on levels 1-5 weighted %s%% and %d PRODUCT); customer `%s` assigned to %d active main-site "
                        + "segments (their %d CATEGORY assignments by level 0-5: %s); VACUUM ANALYZE + CHECKPOINT + lag 0 "
                        + "(%.1f s).%n", catalogSecs, CATEGORIES, levelSizes(start), PRODUCTS, placements, ITEM_SEGMENTS,
                (long) ITEM_SEGMENTS * (SEGMENT_CATEGORIES + SEGMENT_PRODUCTS), requests.size(), itemSecs,
                ITEM_SEGMENTS * (SEGMENT_CATEGORIES + SEGMENT_PRODUCTS) / itemSecs, SEGMENT_CATEGORIES,
                Arrays.toString(ASSIGNED_LEVEL_PERCENT), SEGMENT_PRODUCTS, customer, mine.size(),
                mine.size() * SEGMENT_CATEGORIES, Arrays.toString(levels), settle));
        match(sets);
        trees(customer, customerToken);
    }

    static String levelSizes(int[] start) {
        List<String> sizes = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            sizes.add(fmt(start[k + 1] - start[k], 0));
        }
        return String.join(" / ", sizes);
    }

    static String idArray(List<String> ids) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids.get(i)).append("\"}");
        }
        return b.append(']').toString();
    }

    /**
     * The catalog replica, written directly as the upstream feed would (the /reference API writes the same
     * columns with plain upserts and keeps no other state). Category i of level k > 0 hangs under a
     * pseudo-random category of level k-1. Returns the number of placements.
     */
    static String seedCatalog(int[] start) throws SQLException {
        try (Connection c = connect(svcJdbc); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int k = 0; k < 6; k++) {
                String parent = k == 0 ? "null" : "'cat-' || lpad((" + start[k - 1] + " + (i::bigint * 2654435761) % "
                        + (start[k] - start[k - 1]) + ")::text, 5, '0')";
                st.execute("insert into category_reference (tenant, category_id, parent_id, code, name, "
                        + "localized_description, localized_slug, ecn, validity_from, validity_to, position, published) "
                        + "select '" + tenant + "', 'cat-' || lpad(i::text, 5, '0'), " + parent + ", 'C' || i, "
                        + "jsonb_build_object('en', 'Category ' || i, 'de', 'Kategorie ' || i), null, "
                        + "jsonb_build_object('en', 'category-' || i), null, null, null, i - " + start[k] + ", true "
                        + "from generate_series(" + start[k] + ", " + (start[k + 1] - 1) + ") i");
            }
            st.execute("insert into product_reference (tenant, product_id, code, name) select '" + tenant + "', "
                    + "'prd-' || lpad(p::text, 6, '0'), 'P' || p, jsonb_build_object('en', 'Product ' || p, 'de', "
                    + "'Produkt ' || p) from generate_series(0, " + (PRODUCTS - 1) + ") p");
            st.execute("insert into product_category (tenant, category_id, product_id) select '" + tenant + "', "
                    + "'cat-' || lpad(x.c::text, 5, '0'), 'prd-' || lpad(x.p::text, 6, '0') from ("
                    + "select p, " + start[4] + " + (p::bigint * 40503) % " + (CATEGORIES - start[4]) + " as c "
                    + "from generate_series(0, " + (PRODUCTS - 1) + ") p union "
                    + "select p, " + start[2] + " + (p::bigint * 69069 + 7) % " + (CATEGORIES - start[2])
                    + " from generate_series(0, " + (PRODUCTS - 1) + ") p where p % 5 < 2) x");
            c.commit();
            return fmt(Double.parseDouble(scalarRow(c, "select count(*) from product_category")), 0);
        }
    }

    // ---- scenario 5.4: match ----------------------------------------------------------------------------------

    static void match(List<ItemSet> sets) throws Exception {
        int samples = 20;
        int same = 0;
        long matched = 0;
        String firstDifference = null;
        SplittableRandom check = new SplittableRandom(99);
        try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(MATCH_SQL)) {
            for (int i = 0; i < samples; i++) {
                MatchReq req = MatchReq.random(check, sets);
                List<String> api = new ArrayList<>(new java.util.TreeSet<>(ids(new String(send(
                        HttpRequest.newBuilder(uri("/segments/match")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(req.json())), 200).body(), StandardCharsets.UTF_8))));
                req.bind(c, ps);
                List<String> db = new ArrayList<>(new java.util.TreeSet<>(ids(ps)));
                matched += api.size();
                if (api.equals(db)) {
                    same++;
                } else if (firstDifference == null) {
                    firstDifference = "API " + api + " vs SQL " + db;
                }
            }
        }
        String agreement = (same == samples ? "same ids" : "**DIFFERENT**") + " in " + same + "/" + samples
                + " requests, avg " + fmt((double) matched / samples, 1) + " matches";
        if (firstDifference != null) {
            NOTES.add("5.4 match: first difference: " + abbreviate(firstDifference, 400));
        }
        log("== match: POST /segments/match, " + MATCH_ITEMS + " items x " + MATCH_SEGMENTS + " segments (" + agreement + ")");
        Result svc = phase("match API", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS, t -> {
            SplittableRandom rnd = new SplittableRandom(1234 + t);
            return () -> send(HttpRequest.newBuilder(uri("/segments/match")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MatchReq.random(rnd, sets).json())), 200);
        });
        Result raw = phase("match SQL", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS, t -> {
            SplittableRandom rnd = new SplittableRandom(1234 + t);
            Connection c = connect(svcJdbc);
            PreparedStatement ps = c.prepareStatement(MATCH_SQL);
            return new Op() {
                public void run() throws Exception {
                    MatchReq.random(rnd, sets).bind(c, ps);
                    readAll(ps);
                }

                public void close() throws SQLException {
                    c.close();
                }
            };
        });
        latencyRow("5.4 match", "POST /segments/match, " + MATCH_ITEMS + " items x " + MATCH_SEGMENTS
                + " random segments (" + agreement + ")", svc, raw, Double.NaN, 20);
        NOTES.add("5.4 match hand-written SQL: `" + MATCH_SQL.replaceAll("\\s+", " ").trim() + "`");
    }

    // ---- scenario 5.5: category trees -------------------------------------------------------------------------

    static void trees(String customer, String customerToken) throws Exception {
        String path = "/segments/items/category-trees?siteCode=main";
        List<String> api = new ArrayList<>(new java.util.TreeSet<>(ids(new String(
                send(HttpRequest.newBuilder(uri(path)).GET(), 200, customerToken).body(), StandardCharsets.UTF_8))));
        int bytes = send(HttpRequest.newBuilder(uri(path)).GET(), 200, customerToken).body().length;
        List<String> db;
        try (Connection c = connect(svcJdbc); PreparedStatement ps = c.prepareStatement(TREES_SQL)) {
            bindTrees(ps, customer);
            db = ids(ps);
        }
        String same = (api.equals(db) ? "same " : "**DIFFERENT** ") + api.size() + " categories"
                + (api.equals(db) ? "" : " vs " + db.size()) + ", " + fmt(bytes / 1024.0, 0) + " KiB";
        log("== trees: GET " + path + " with a customer token (" + same + ")");
        Result svc = phase("trees API", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS,
                t -> () -> send(HttpRequest.newBuilder(uri(path)).GET(), 200, customerToken));
        Result raw = phase("trees SQL", 1, ITEMS_WARMUP, ITEMS_DURATION, LATENCY_MAX_OPS, t -> {
            Connection c = connect(svcJdbc);
            PreparedStatement ps = c.prepareStatement(TREES_SQL);
            return new Op() {
                public void run() throws Exception {
                    bindTrees(ps, customer);
                    readAll(ps);
                }

                public void close() throws SQLException {
                    c.close();
                }
            };
        });
        latencyRow("5.5 trees", "GET category-trees, customer in " + MEMBER_OF + " segments (" + same + ")", svc, raw,
                Double.NaN, 50);
        NOTES.add("5.5 trees hand-written SQL (rows only; the service also builds the nested JSON): `"
                + TREES_SQL.replaceAll("\\s+", " ").trim() + "`");
    }

    static void bindTrees(PreparedStatement ps, String customer) throws SQLException {
        ps.setString(1, tenant);
        ps.setString(2, customer);
        ps.setString(3, "main");
        ps.setString(4, tenant);
        ps.setString(5, tenant);
        ps.setString(6, tenant);
    }

    // ---- the phase runner -------------------------------------------------------------------------------------------

    /** The measured window of the phase running now (for scenarios that count completions themselves). */
    static volatile long windowStart;
    static volatile long windowEnd;

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
        return phase(label, threads, warm, measure, maxOps, factory, false);
    }

    /**
     * Like {@link #phase(String, int, double, double, long, OpFactory)}; with {@code untilJitSettles}, the warm-up
     * goes on past {@code warm} until the service's JIT compiler threads have been (nearly) idle for a whole check
     * window, so the phase measures the service's steady state rather than its compiler: on a 2-core machine C2
     * alone took a fifth to a quarter of the CPU for 100-210 s of load, longer than the fixed warm-up used before.
     */
    static Result phase(String label, int threads, double warm, double measure, long maxOps, OpFactory factory,
                        boolean untilJitSettles) throws Exception {
        Op[] ops = new Op[threads];
        for (int t = 0; t < threads; t++) {
            ops[t] = factory.create(t);
        }
        long start = System.nanoTime();
        // pushed back while the JIT settles; the workers read both on every operation
        AtomicLong measureStart = new AtomicLong(start + (long) (warm * 1e9) + (untilJitSettles ? FAR : 0));
        AtomicLong measureEnd = new AtomicLong(measureStart.get() + (long) (measure * 1e9));
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
                    boolean measured = s >= measureStart.get();
                    if (s >= measureEnd.get() || (measured && claimed.incrementAndGet() > maxOps)) {
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
                LeanHttp.release();
                samples[id] = mine;
                counts[id] = n;
            }, label + "-" + t);
            workers[t].start();
        }
        long warmEnd = start + (long) (warm * 1e9);
        long sleep = warmEnd - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        if (untilJitSettles) {
            double settled = settleJit(label);
            long now = System.nanoTime();
            measureEnd.set(now + (long) (measure * 1e9));
            measureStart.set(now);
            log(String.format(Locale.ROOT, "   %s: measuring after %.0f s of warm-up (%.0f s fixed, %s)", label,
                    (now - start) / 1e9, warm, Double.isNaN(settled) ? "the JIT had not settled by "
                            + fmt(JIT_SETTLE_MAX, 0) + " s more, measuring anyway"
                            : String.format(Locale.ROOT, "then %.0f s until the JIT settled", settled)));
            if (Double.isNaN(settled)) {
                NOTES.add(label + ": the service's JIT compiler was still busy after the longest warm-up allowed ("
                        + fmt(warm + JIT_SETTLE_MAX, 0) + " s); measured anyway.");
            }
        }
        windowStart = measureStart.get();
        windowEnd = measureEnd.get();
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
        long end = measureStart.get();
        for (long l : lastEnd) {
            end = Math.max(end, l);
        }
        double secs = Math.max(1e-9, (end - measureStart.get()) / 1e9);
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

    /** A measure start far enough ahead that no worker reaches it before the JIT check moves it. */
    static final long FAR = 3_600_000_000_000L;

    /**
     * Waits, in windows of {@link #JIT_SETTLE_WINDOW} seconds, until the service's compiler threads used less
     * than {@link #JIT_SETTLED_CORES} of a core in a window.
     *
     * @return the seconds waited, or NaN when {@link #JIT_SETTLE_MAX} passed first
     */
    static double settleJit(String label) throws InterruptedException {
        long begin = System.nanoTime();
        Map<String, Long> before = compilerTicks();
        while (true) {
            Thread.sleep((long) (JIT_SETTLE_WINDOW * 1000));
            Map<String, Long> after = compilerTicks();
            long used = 0;
            for (Map.Entry<String, Long> thread : after.entrySet()) {
                used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            double cores = used / 100.0 / JIT_SETTLE_WINDOW;
            double waited = (System.nanoTime() - begin) / 1e9;
            if (cores < JIT_SETTLED_CORES) {
                return waited;
            }
            log(String.format(Locale.ROOT, "   %s: JIT compiler threads at %.2f cores, warming up further", label,
                    cores));
            if (waited >= JIT_SETTLE_MAX) {
                return Double.NaN;
            }
            before = after;
        }
    }

    /** utime+stime clock ticks of each of the service's JIT compiler threads, by thread id. */
    static Map<String, Long> compilerTicks() {
        Map<String, Long> ticks = new HashMap<>();
        if (svcPid <= 0) {
            return ticks;
        }
        try (var tasks = Files.list(Path.of("/proc/" + svcPid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks.put(task.getFileName().toString(), procTicks(task.resolve("stat"), false));
                    }
                } catch (IOException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // service gone: nothing to wait for
        }
        return ticks;
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
        if (chosen.contains("assignments")) {
            b.append(String.format(Locale.ROOT, "- assignments: JVM warm-up %.0f s; bulk at %s clients, warm-up %.0f s, measured %.0f s; "
                            + "single PUT at %s client(s) into segments of %,d and %,d; own list among %,d segments / %,d "
                            + "assignments, member of %d; latency phases %.0f+%.0f s%n", JIT_WARMUP, Arrays.toString(BULK_CLIENTS),
                    BULK_WARMUP, BULK_DURATION, Arrays.toString(SINGLE_CLIENTS), SMALL_SEGMENT, BIG_SEGMENT,
                    OWN_SEGMENTS, OWN_ASSIGNMENTS, MEMBER_OF, ASSIGN_WARMUP, ASSIGN_DURATION));
        }
        if (chosen.contains("items")) {
            b.append(String.format(Locale.ROOT, "- items: %,d categories, %,d products, %,d segments x (%d CATEGORY + %d "
                            + "PRODUCT); match %d items x %d segments; trees for a customer in %d segments; phases %.0f+%.0f s%n",
                    CATEGORIES, PRODUCTS, ITEM_SEGMENTS, SEGMENT_CATEGORIES, SEGMENT_PRODUCTS, MATCH_ITEMS,
                    MATCH_SEGMENTS, MEMBER_OF, ITEMS_WARMUP, ITEMS_DURATION));
        }
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

    static Resp send(HttpRequest.Builder request, int expected) throws IOException {
        return send(request, expected, token);
    }

    static Resp send(HttpRequest.Builder request, int expected, String bearer) throws IOException {
        HttpRequest built = request.header("Authorization", "Bearer " + bearer).build();
        Resp r = LeanHttp.exchange(built);
        if (r.statusCode() != expected) {
            throw new IOException("HTTP " + r.statusCode() + " from " + built.method() + " "
                    + built.uri().getRawPath() + ": " + abbreviate(new String(r.body(), StandardCharsets.UTF_8), 300));
        }
        return r;
    }

    record Resp(int statusCode, HttpHeaders headers, byte[] body) {
    }

    /**
     * The harness's HTTP/1.1 client: one keep-alive connection per thread, plain blocking socket reads and
     * writes. The JDK's HttpClient, used before, spent more CPU per request (0.7 ms per GET here) than the
     * service's cheapest endpoints do, on the same two cores the service and PostgreSQL need; this one spends
     * about 0.07 ms. Requests are still built with {@link HttpRequest} for readability.
     */
    static final class LeanHttp {

        private static final ThreadLocal<LeanHttp> CONNECTION = new ThreadLocal<>();

        private final Socket socket;
        private final BufferedOutputStream out;
        private final BufferedInputStream in;
        private boolean used;

        private LeanHttp(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        static Resp exchange(HttpRequest request) throws IOException {
            URI uri = request.uri();
            byte[] body = bodyOf(request);
            StringBuilder head = new StringBuilder(512).append(request.method()).append(' ').append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            request.headers().map().forEach((name, values) ->
                    values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            while (true) {
                LeanHttp connection = CONNECTION.get();
                if (connection == null) {
                    connection = new LeanHttp(uri);
                    CONNECTION.set(connection);
                }
                boolean reused = connection.used;
                connection.used = true;
                try {
                    connection.out.write(headBytes);
                    if (body != null) {
                        connection.out.write(body);
                    }
                    connection.out.flush();
                    return connection.read();
                } catch (IOException e) {
                    connection.close();
                    // a kept-alive connection the server closed while idle: nothing was processed, send again
                    if (!(reused && e instanceof StaleConnection)) {
                        throw e;
                    }
                }
            }
        }

        private Resp read() throws IOException {
            String status = line(true);
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    body.write(in.readNBytes(size));
                    line(false);
                }
                for (String trailer = line(false); !trailer.isEmpty(); trailer = line(false)) {
                    // trailers are not used
                }
            } else if (length > 0) {
                body.write(in.readNBytes((int) length));
            }
            if (close) {
                close();
            }
            return new Resp(code, HttpHeaders.of(headers, (a, b) -> true), body.toByteArray());
        }

        private int chunkSize() throws IOException {
            String size = line(false);
            int semicolon = size.indexOf(';');
            return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        }

        private String line(boolean first) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    if (first && line.length() == 0) {
                        throw new StaleConnection();
                    }
                    throw new java.io.EOFException("connection closed mid-response");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        /** Closes the calling thread's connection, if it has one (load threads call this when they end). */
        static void release() {
            LeanHttp connection = CONNECTION.get();
            if (connection != null) {
                connection.close();
            }
        }

        private void close() {
            CONNECTION.remove();
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        private static byte[] bodyOf(HttpRequest request) {
            boolean sendsBody = !request.method().equals("GET") && !request.method().equals("DELETE");
            if (request.bodyPublisher().isEmpty()) {
                return sendsBody ? new byte[0] : null;
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            request.bodyPublisher().get().subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
                public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                public void onNext(java.nio.ByteBuffer buffer) {
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }

                public void onError(Throwable failure) {
                    done.completeExceptionally(failure);
                }

                public void onComplete() {
                    done.complete(null);
                }
            });
            done.join();
            return bytes.size() == 0 && !sendsBody ? null : bytes.toByteArray();
        }

        /** The server closed a kept-alive connection before answering: the request was not processed. */
        static final class StaleConnection extends IOException {
            StaleConnection() {
                super("kept-alive connection closed by the server");
            }
        }
    }

    static String get(String path) throws IOException {
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

    static int[] envInts(String name, String fallback) {
        String v = System.getenv(name);
        return Arrays.stream((v == null || v.isBlank() ? fallback : v).split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
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
