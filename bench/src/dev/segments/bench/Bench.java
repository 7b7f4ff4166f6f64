package dev.segments.bench;

import static dev.segments.bench.core.Settings.CLIENTS;
import static dev.segments.bench.core.Settings.DURATION;
import static dev.segments.bench.core.Settings.LATENCY_MAX_OPS;
import static dev.segments.bench.core.Settings.MAX_OPS;
import static dev.segments.bench.core.Settings.WARMUP;

import dev.segments.bench.core.Context;
import dev.segments.bench.core.Scenario;
import dev.segments.bench.scenarios.ListScenario;
import dev.segments.bench.scenarios.QScenario;
import dev.segments.bench.scenarios.SegmentSeed;
import dev.segments.bench.scenarios.WritesScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load generator for the customer segment service: each scenario group against the service's HTTP API and,
 * side by side, the raw-PostgreSQL baseline measured in the same run against the same PostgreSQL.
 *
 * <p>Run through bench/run.sh, which compiles bench/src and runs, in effect:
 * <pre>
 *   BENCH_TOKEN=... java -cp bench/results/classes:postgresql-42.7.x.jar dev.segments.bench.Bench \
 *       --base=http://127.0.0.1:PORT --svc-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench \
 *       --raw-jdbc=jdbc:postgresql://127.0.0.1:5432/segments_bench_raw --pid=SERVICE_PID \
 *       --scenarios=all --out=bench/results/latest.md [--info-NAME=VALUE ...]
 * </pre>
 * (the assignments and items groups also need BENCH_TOKEN_OWN / BENCH_TOKEN_TREES: customer tokens, see run.sh;
 * {@code --check-scenarios=LIST} only checks a scenario list and exits 2 with the usage if it names an unknown
 * group.) Only JDK classes and the pgjdbc driver. Every phase is bounded in time and in count; all traffic goes
 * to the --base URL and JDBC URLs given (run.sh gives 127.0.0.1 only).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            args.put(a.substring(2, eq), a.substring(eq + 1));
        }
        if (args.containsKey("check-scenarios")) {
            try {
                Scenarios.select(args.get("check-scenarios"));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            return;
        }
        String token = System.getenv("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BENCH_TOKEN must hold a bearer token");
        }
        String scenarios = args.getOrDefault("scenarios", "all");
        List<Scenario> chosen = Scenarios.select(scenarios);
        Context ctx = new Context(required(args, "base"), args.getOrDefault("tenant", "acme"), token,
                required(args, "svc-jdbc"), required(args, "raw-jdbc"), Long.parseLong(args.getOrDefault("pid", "0")));
        Path out = Path.of(args.getOrDefault("out", "bench/results/latest.md"));

        Instant started = Instant.now();
        ctx.report().memory("start (idle, after health)", ctx.proc().memory());
        for (Scenario s : chosen) {
            s.run(ctx);
            ctx.report().memory("after " + s.name(), ctx.proc().memory());
        }
        String report = ctx.report().markdown(header(started, args, chosen));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println(report);
    }

    /** The report's header: date, the --info-* lines run.sh passes, the settings of the groups run. */
    private static List<String> header(Instant started, Map<String, String> args, List<Scenario> chosen) {
        List<String> lines = new ArrayList<>();
        lines.add("date: " + started.truncatedTo(ChronoUnit.SECONDS) + ", took "
                + Duration.between(started, Instant.now()).toSeconds() + " s (load generator part)");
        args.forEach((k, v) -> {
            if (k.startsWith("info-")) {
                lines.add(k.substring(5) + ": " + v);
            }
        });
        lines.add(String.format(Locale.ROOT, "scenarios: %s; clients %d; warm-up %.0f s (writes %.0f s), measured "
                        + "%.0f s / max %,d ops; list %.0f+%.0f s, q %.0f+%.0f s (max %,d ops); seed %,d",
                String.join(",", chosen.stream().map(Scenario::name).toList()), CLIENTS, WARMUP,
                WritesScenario.WRITE_WARMUP, DURATION, MAX_OPS, ListScenario.LIST_WARMUP, ListScenario.LIST_DURATION,
                QScenario.Q_WARMUP, QScenario.Q_DURATION, LATENCY_MAX_OPS,
                SegmentSeed.SIZE));
        for (Scenario s : Scenarios.ALL) {
            if (chosen.contains(s) && s.settings() != null) {
                lines.add(s.settings());
            }
        }
        lines.add("the load generator runs on the same 2 cores as the service and PostgreSQL");
        return lines;
    }

    private static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + "= is required");
        }
        return v;
    }
}
