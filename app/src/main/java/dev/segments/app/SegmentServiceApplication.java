package dev.segments.app;

import dev.segments.app.security.TokenMinter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The customer segment service. {@code java -jar segment-service.jar token ...} mints a local token instead
 * of starting the server (see {@link TokenMinter}).
 */
@SpringBootApplication
public class SegmentServiceApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.out.println(TokenMinter.mint(args));
            return;
        }
        SpringApplication.run(SegmentServiceApplication.class, args);
    }
}
