package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real service jar ({@code target/segment-service.jar}, built by the package phase) as a child process of
 * the test JVM, started with the current JVM's java binary against a given database on a free port, its output
 * in {@code target/fault-logs}. Killed with the test JVM should that end first.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "segment-service.jar");
    private static final Path LOGS = Path.of("target", "fault-logs");

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the jar on a free port; answers once it is ready (readiness UP), failing if it is not in time. */
    static ServiceProcess start(String database, String name, Duration readyWithin) {
        assertThat(JAR).as("the service jar (run the package phase first)").exists();
        try {
            Files.createDirectories(LOGS);
            int port = freePort();
            Path log = LOGS.resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("SPRING_DATASOURCE_URL", database);
            environment.put("SPRING_DATASOURCE_USERNAME", TestDatabase.user());
            environment.put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
            environment.put("SERVER_PORT", String.valueOf(port));
            environment.put("SEGMENTS_DB_POOL_SIZE", TestDatabase.POOL_SIZE);
            ServiceProcess service = new ServiceProcess(builder.start(), port, log);
            service.awaitReady(readyWithin);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** kill -9: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process exits").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }

    private void awaitReady(Duration within) {
        Api anonymous = new Api(port, null);
        Instant deadline = Instant.now().plus(within);
        while (true) {
            assertThat(process.isAlive()).as("the service process is running; its log ends with:\n" + tail()).isTrue();
            try {
                if (anonymous.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // starting
            }
            assertThat(Instant.now()).as("the service is ready in time; its log ends with:\n" + tail())
                    .isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The last lines of the process's output. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
