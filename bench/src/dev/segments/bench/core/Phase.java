package dev.segments.bench.core;

/**
 * What one phase runs: {@code clients} closed-loop clients, a warm-up of {@code warmUp} seconds (not measured),
 * then a measured part that ends after {@code measure} seconds or {@code maxOps} operations, whichever comes
 * first. With {@code untilJitSettles}, the warm-up goes on past {@code warmUp} until the service's JIT compiler
 * threads have been (nearly) idle for a whole check window ({@link Settings#JIT_SETTLED_CORES}), so the phase
 * measures the service's steady state rather than its compiler: on a 2-core machine C2 alone took a fifth to a
 * quarter of the CPU for 100-210 s of load, longer than the fixed warm-up used before.
 */
public record Phase(String label, int clients, double warmUp, double measure, long maxOps, boolean untilJitSettles) {

    public Phase(String label, int clients, double warmUp, double measure, long maxOps) {
        this(label, clients, warmUp, measure, maxOps, false);
    }

    /** The same phase, warming up until the service's JIT has settled. */
    public Phase untilJitSettled() {
        return new Phase(label, clients, warmUp, measure, maxOps, true);
    }

    /** The same timing under another label (the baseline side of a service phase, say). */
    public Phase named(String otherLabel) {
        return new Phase(otherLabel, clients, warmUp, measure, maxOps, untilJitSettles);
    }
}
