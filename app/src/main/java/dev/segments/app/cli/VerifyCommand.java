package dev.segments.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar segment-service.jar verify [--url=http://localhost:8080] [--tenant=acme] [--repair]
 * [--token=...]}: runs the consistency check of a running service ({@code POST /actuator/consistency}) and
 * prints what it found. Exits with 0 when the projections agree with the event store (or every divergence was
 * repaired), 1 when divergences remain, 2 when the check could not run.
 */
final class VerifyCommand {

    private VerifyCommand() {
    }

    static int run(Options options, PrintStream out) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (options.get("tenant") != null) {
            body.put("tenant", options.get("tenant"));
        }
        boolean repair = options.flag("repair");
        body.put("repair", repair);
        try {
            JsonNode report = new OperatorClient(options).send("POST", "/actuator/consistency", body,
                    Duration.ofHours(1));
            long divergences = report.path("divergenceCount").asLong();
            out.println("Checked " + report.path("checked") + " rows against the event store up to position "
                    + report.path("position").asLong() + ": " + divergences + " divergence(s).");
            report.path("divergences").forEach(d -> out.println("  " + d.path("projection").asText() + " "
                    + d.path("tenant").asText() + "/" + d.path("segmentId").asText() + " " + d.path("key").asText()
                    + ": expected version " + d.path("expectedVersion").asText("none") + ", found "
                    + d.path("actualVersion").asText("none")));
            if (repair) {
                out.println("Repaired " + report.path("repaired").asLong() + ".");
            }
            return divergences == 0 || repair && report.path("repaired").asLong() == divergences ? 0 : 1;
        } catch (Exception e) {
            out.println("The check could not run: " + e.getMessage());
            return 2;
        }
    }
}
