package dev.segments.bench.core;

import java.util.Queue;

/**
 * The measured part of a phase: successful operations, errors, the measured wall time ({@code seconds}, from
 * the window's start to the end of the last measured operation), every successful operation's latency in
 * nanoseconds (sorted), the CPU used, the first error seen (warm-up included), and the measured window
 * ({@link System#nanoTime()} values).
 */
public record Result(String label, int threads, long ops, long errors, double seconds, long[] sorted, Cpu cpu,
                     String firstError, long windowStart, long windowEnd) {

    public double throughput() {
        return ops / seconds;
    }

    /** The exact order statistic for {@code p} (0.5, 0.99) in milliseconds; NaN without samples. */
    public double pct(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    /**
     * Throughput from the operations that COMPLETED inside the measured window (also those started during the
     * warm-up; {@code done} holds each completion's {@link System#nanoTime()}), times {@code perOp}: with
     * requests that take seconds, counting only requests started in the window would leave the window's first
     * seconds (spent finishing warm-up requests) unaccounted. Latencies stay those of the operations started in
     * the window.
     */
    public Result completions(Queue<Long> done, int perOp) {
        long n = done.stream().filter(t -> t >= windowStart && t <= windowEnd).count();
        return new Result(label, threads, n * perOp, errors, (windowEnd - windowStart) / 1e9, sorted, cpu, firstError,
                windowStart, windowEnd);
    }
}
