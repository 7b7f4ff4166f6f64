package dev.segments.app;

import dev.segments.app.cli.Commands;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The customer segment service. {@code java -jar segment-service.jar <command> ...} runs one of the jar's
 * commands instead of starting the server (see {@link Commands}).
 */
@SpringBootApplication
public class SegmentServiceApplication {

    public static void main(String[] args) {
        OptionalInt exit = Commands.run(args, System.out);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        SpringApplication.run(SegmentServiceApplication.class, args);
    }
}
