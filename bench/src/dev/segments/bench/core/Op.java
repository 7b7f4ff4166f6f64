package dev.segments.bench.core;

/** One operation of a closed-loop client: a request to the service or a statement of the baseline. */
@FunctionalInterface
public interface Op {

    void run() throws Exception;

    /** Releases what the client holds (a JDBC connection); called once after its phase. */
    default void close() throws Exception {
    }

    /** Creates the operation of each client thread of a phase (its own connection, random numbers, ...). */
    @FunctionalInterface
    interface Factory {
        Op create(int thread) throws Exception;
    }
}
