package dev.segments.bench.core;

import static dev.segments.bench.core.Log.log;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A service instance of a group's own (both roles, its own port, its log in bench/results), for groups that need
 * settings run.sh's service does not have, such as a Kafka broker.
 */
public final class ServiceInstance implements AutoCloseable {

    public final String base;
    private final Process process;

    private ServiceInstance(String base, Process process) {
        this.base = base;
        this.process = process;
    }

    /** Starts the jar on {@code database}, publishing to {@code bootstrap} (null: no broker), with extra settings. */
    public static ServiceInstance start(String jar, String database, String bootstrap, String logFile,
                                        Map<String, String> settings) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // the same JVM options as run.sh's service (SEGMENTS_BENCH_SERVICE_OPTS, e.g. a flight recording)
        String options = System.getenv("SEGMENTS_BENCH_SERVICE_OPTS");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(Arrays.asList((options == null || options.isBlank() ? "-Xmx1g" : options).trim().split("\\s+")));
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(logFile));
        builder.environment().put("SPRING_DATASOURCE_URL", database);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        builder.environment().remove("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null) {
            builder.environment().put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        builder.environment().putAll(settings);
        Process process = builder.start();
        ServiceInstance service = new ServiceInstance("http://127.0.0.1:" + port, process);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited; see " + logFile);
            }
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(service.base
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"UP\"")) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException("service not ready in 3 minutes; see " + logFile);
            }
            Thread.sleep(500);
        }
        log("service " + (bootstrap == null ? "(publishing parked)" : "(publishing to " + bootstrap + ")")
                + " ready at " + service.base);
        return service;
    }

    public static ServiceInstance start(String jar, String database, String bootstrap, String logFile)
            throws Exception {
        return start(jar, database, bootstrap, logFile, Map.of());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
