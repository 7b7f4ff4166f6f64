package dev.segments.bench.core;

/**
 * A scenario group: what {@code bench/run.sh NAME} runs. It measures its phases through {@link Context#measure}
 * (the service side and its raw PostgreSQL baseline) and adds rows, setup text and notes to
 * {@link Context#report()}. Groups are listed in {@code dev.segments.bench.Scenarios}.
 */
public interface Scenario {

    /** The group's name on the command line, e.g. "writes". */
    String name();

    void run(Context ctx) throws Exception;

    /** A line for the report's header with the group's own sizes and durations, or null for none. */
    default String settings() {
        return null;
    }
}
