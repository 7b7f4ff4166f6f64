package dev.segments.bench.core;

import static dev.segments.bench.core.Text.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run reports (bench/results/latest.md): one table row per measured comparison, the setup text (what
 * was seeded and how), a CPU row per phase, the service's memory after each group, and notes.
 */
public final class Report {

    /** One row of the results table: the service side, the baseline, their ratio, the target and whether it holds. */
    public record Row(String scenario, String what, Result svc, Result raw, String ratio, String target, String ok) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> cpuRows = new ArrayList<>();
    private final List<String> memoryRows = new ArrayList<>();
    private final StringBuilder setup = new StringBuilder();

    public synchronized void row(String scenario, String what, Result svc, Result raw, String ratio, String target,
                                 String ok) {
        rows.add(new Row(scenario, what, svc, raw, ratio, target, ok));
    }

    /** A throughput comparison: met when service ops/s >= {@code minShare} of the baseline's, without errors. */
    public void throughputRow(String scenario, String what, Result svc, Result raw, double minShare) {
        double ratio = svc.throughput() / raw.throughput();
        row(scenario, what, svc, raw, String.format(Locale.ROOT, "%.0f%% thr", ratio * 100),
                String.format(Locale.ROOT, "thr >= %.0f%%", minShare * 100),
                ratio >= minShare && svc.errors() == 0 ? "yes" : "**NO**");
    }

    /** A latency comparison: met when the service's p99 <= {@code maxP99} ms, without errors. */
    public void latencyRow(String scenario, String what, Result svc, Result raw, double maxP99) {
        latency(scenario, what, svc, raw, Double.NaN, maxP99);
    }

    /**
     * A latency comparison: met when the service's p99 <= {@code maxP99} ms and <= {@code maxRatio} x the
     * baseline's p99, without errors. {@code svc} null: the service failed before its phase.
     */
    public void latencyRow(String scenario, String what, Result svc, Result raw, double maxP99, double maxRatio) {
        latency(scenario, what, svc, raw, maxRatio, maxP99);
    }

    /** A latency comparison without a target. */
    public void infoLatencyRow(String scenario, String what, Result svc, Result raw) {
        latency(scenario, what, svc, raw, -1, -1);
    }

    /** maxRatio NaN: no ratio target; maxP99 negative: informational row. */
    private void latency(String scenario, String what, Result svc, Result raw, double maxRatio, double maxP99) {
        if (svc == null) {
            row(scenario, what, null, raw, "-", "p99 <= " + (int) maxP99 + " ms & <= " + fmt(maxRatio, 0) + "x",
                    "**NO** (service error)");
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
        row(scenario, what, svc, raw, String.format(Locale.ROOT, "p99 %.1fx", ratio), target,
                maxP99 < 0 ? "-" : ok && svc.errors() == 0 ? "yes" : "**NO**");
    }

    /** "p50 3.2x": a ratio column of two values. */
    public static String ratio(String what, double svc, double raw) {
        return String.format(Locale.ROOT, "%s %.1fx", what, svc / raw);
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    /** Text printed between the results table and the CPU table (what was seeded, checks); ends with a newline. */
    public synchronized void setup(String text) {
        setup.append(text);
    }

    public synchronized void cpu(String label, int clients, Cpu cpu) {
        cpuRows.add("| " + label + " | " + clients + " | " + cpu.cores() + " |");
    }

    public synchronized void memory(String when, ProcStats.Memory memory) {
        if (memory != null) {
            memoryRows.add("| " + when + " | " + memory.rss() + " | " + memory.hwm() + " |");
        }
    }

    /** The report in Markdown: {@code header} (its list items, one a line), the tables, setup and notes. */
    public synchronized String markdown(List<String> header) {
        StringBuilder b = new StringBuilder();
        b.append("# Segment service benchmark\n\n");
        header.forEach(line -> b.append("- ").append(line).append('\n'));
        b.append('\n');
        b.append("| # | what | cl | service ops/s | p50 ms | p99 ms | raw PG ops/s | p50 ms | p99 ms | service/raw | target | met |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.scenario).append(" | ").append(r.what).append(" | ")
                    .append(r.svc == null || r.svc.threads() == r.raw.threads() ? String.valueOf(r.raw.threads())
                            : r.svc.threads() + " (raw " + r.raw.threads() + ")")
                    .append(" | ").append(r.svc == null ? "HTTP error" : fmt(r.svc.throughput(), 0)).append(" | ")
                    .append(r.svc == null ? "-" : fmt(r.svc.pct(.5), 2))
                    .append(" | ").append(r.svc == null ? "-" : fmt(r.svc.pct(.99), 2)).append(" | ")
                    .append(fmt(r.raw.throughput(), 0))
                    .append(" | ").append(fmt(r.raw.pct(.5), 2)).append(" | ").append(fmt(r.raw.pct(.99), 2))
                    .append(" | ").append(r.ratio).append(" | ").append(r.target).append(" | ").append(r.ok)
                    .append(" |\n");
        }
        if (setup.length() > 0) {
            b.append('\n').append(setup);
        }
        b.append("\nCPU during each measured phase, in cores (of 2): service JVM, all PostgreSQL processes, "
                + "load generator, everything else, whole machine.\n\n");
        b.append("| phase | cl | service | postgres | loadgen | other | machine |\n|---|---:|---:|---:|---:|---:|---:|\n");
        cpuRows.forEach(r -> b.append(r).append('\n'));
        if (!memoryRows.isEmpty()) {
            b.append("\nService memory (/proc/<pid>/status):\n\n| when | VmRSS | VmHWM (peak) |\n|---|---:|---:|\n");
            memoryRows.forEach(r -> b.append(r).append('\n'));
        }
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }
}
