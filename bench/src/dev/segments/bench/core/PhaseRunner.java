package dev.segments.bench.core;

import static dev.segments.bench.core.Log.log;
import static dev.segments.bench.core.Text.fmt;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Phase}: closed-loop client threads, each sending one operation, waiting for it, sending the
 * next. Latencies are {@link System#nanoTime()} around each operation, kept per thread, merged and sorted, so
 * percentiles are exact order statistics of all successful operations of the measured part. Errors are counted,
 * never timed. Every phase adds a CPU row (and a note when it had errors) to the report.
 */
public final class PhaseRunner {

    /** A measure start far enough ahead that no worker reaches it before the JIT check moves it. */
    private static final long FAR = 3_600_000_000_000L;

    private final ProcStats proc;
    private final Report report;

    public PhaseRunner(ProcStats proc, Report report) {
        this.proc = proc;
        this.report = report;
    }

    public Result run(Phase phase, Op.Factory factory) throws Exception {
        String label = phase.label();
        int threads = phase.clients();
        long maxOps = phase.maxOps();
        Op[] ops = new Op[threads];
        for (int t = 0; t < threads; t++) {
            ops[t] = factory.create(t);
        }
        long start = System.nanoTime();
        // pushed back while the JIT settles; the workers read both on every operation
        AtomicLong measureStart = new AtomicLong(start + (long) (phase.warmUp() * 1e9)
                + (phase.untilJitSettles() ? FAR : 0));
        AtomicLong measureEnd = new AtomicLong(measureStart.get() + (long) (phase.measure() * 1e9));
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
        long warmEnd = start + (long) (phase.warmUp() * 1e9);
        long sleep = warmEnd - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        if (phase.untilJitSettles()) {
            double settled = settleJit(label);
            long now = System.nanoTime();
            measureEnd.set(now + (long) (phase.measure() * 1e9));
            measureStart.set(now);
            log(String.format(Locale.ROOT, "   %s: measuring after %.0f s of warm-up (%.0f s fixed, %s)", label,
                    (now - start) / 1e9, phase.warmUp(), Double.isNaN(settled) ? "the JIT had not settled by "
                            + fmt(Settings.JIT_SETTLE_MAX, 0) + " s more, measuring anyway"
                            : String.format(Locale.ROOT, "then %.0f s until the JIT settled", settled)));
            if (Double.isNaN(settled)) {
                report.note(label + ": the service's JIT compiler was still busy after the longest warm-up allowed ("
                        + fmt(phase.warmUp() + Settings.JIT_SETTLE_MAX, 0) + " s); measured anyway.");
            }
        }
        ProcStats.Ticks cpu0 = proc.ticks();
        for (Thread w : workers) {
            w.join();
        }
        Cpu cpu = proc.since(cpu0);
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
        Result r = new Result(label, threads, total, errors.get(), secs, all, cpu, firstError.get(),
                measureStart.get(), measureEnd.get());
        log(String.format(Locale.ROOT, "   %-22s %2d thr  %8.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  n=%d err=%d  "
                        + "cpu cores svc %.2f pg %.2f gen %.2f machine %.2f%s", label, threads, r.throughput(),
                r.pct(0.50), r.pct(0.99), total, errors.get(), cpu.svc(), cpu.pg(), cpu.gen(), cpu.machine(),
                r.firstError() == null ? "" : "  first error: " + r.firstError()));
        if (r.firstError() != null) {
            report.note(label + ": " + r.errors() + " errors in the measured phase; first error seen: " + r.firstError());
        }
        report.cpu(label, threads, cpu);
        return r;
    }

    /**
     * Waits, in windows of {@link Settings#JIT_SETTLE_WINDOW} seconds, until the service's compiler threads used
     * less than {@link Settings#JIT_SETTLED_CORES} of a core in a window.
     *
     * @return the seconds waited, or NaN when {@link Settings#JIT_SETTLE_MAX} passed first
     */
    private double settleJit(String label) throws InterruptedException {
        long begin = System.nanoTime();
        Map<String, Long> before = proc.compilerTicks();
        while (true) {
            Thread.sleep((long) (Settings.JIT_SETTLE_WINDOW * 1000));
            Map<String, Long> after = proc.compilerTicks();
            long used = 0;
            for (Map.Entry<String, Long> thread : after.entrySet()) {
                used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            double cores = used / 100.0 / Settings.JIT_SETTLE_WINDOW;
            double waited = (System.nanoTime() - begin) / 1e9;
            if (cores < Settings.JIT_SETTLED_CORES) {
                return waited;
            }
            log(String.format(Locale.ROOT, "   %s: JIT compiler threads at %.2f cores, warming up further", label,
                    cores));
            if (waited >= Settings.JIT_SETTLE_MAX) {
                return Double.NaN;
            }
            before = after;
        }
    }
}
