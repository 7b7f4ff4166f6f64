package dev.segments.bench.core;

import java.util.Locale;

/** Cores used over an interval: by the service JVM, all PostgreSQL processes, the load generator, the machine. */
public record Cpu(double svc, double pg, double gen, double machine, double seconds) {

    /** The CPU used between two samples (clock ticks at 100 Hz). */
    public static Cpu between(ProcStats.Ticks before, ProcStats.Ticks after) {
        double secs = (after.nanos() - before.nanos()) / 1e9;
        double hz = 100.0 * secs;
        return new Cpu((after.svc() - before.svc()) / hz, (after.pg() - before.pg()) / hz,
                (after.gen() - before.gen()) / hz, (after.machine() - before.machine()) / hz, secs);
    }

    /** The CPU table's columns: service, postgres, loadgen, other (the rest of the machine), machine. */
    public String cores() {
        return String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %.2f | %.2f", svc, pg, gen,
                Math.max(0, machine - svc - pg - gen), machine);
    }
}
