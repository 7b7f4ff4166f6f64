package dev.segments.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Service nodes of their own, for tests that need settings, roles or extra components the shared context does
 * not have: each is the real application on a random port against the given database.
 */
final class Nodes {

    private Nodes() {
    }

    /**
     * Starts a node on {@code database}; {@code settings} are {@code name=value} properties, {@code components}
     * extra configuration classes (test hooks).
     */
    static ConfigurableApplicationContext start(String database, List<Class<?>> components, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--spring.datasource.hikari.maximum-pool-size=" + TestDatabase.POOL_SIZE));
        Arrays.stream(settings).map(setting -> "--" + setting).forEach(arguments::add);
        List<Class<?>> sources = new ArrayList<>(List.of(SegmentServiceApplication.class));
        sources.addAll(components);
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(arguments.toArray(String[]::new));
    }

    static ConfigurableApplicationContext start(String database, String... settings) {
        return start(database, List.of(), settings);
    }

    static int port(ConfigurableApplicationContext node) {
        return ((ServletWebServerApplicationContext) node).getWebServer().getPort();
    }

    static void stop(ConfigurableApplicationContext... nodes) {
        for (ConfigurableApplicationContext node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
