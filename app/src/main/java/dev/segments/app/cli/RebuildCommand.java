package dev.segments.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar segment-service.jar rebuild <projection> [--url=http://localhost:8080] [--token=...]
 * [--interval=SECONDS]}: starts a blue/green rebuild of a projection on a running service
 * ({@code POST /actuator/projections/{name}}) and follows it ({@code GET /actuator/projections/{name}}) until it
 * ends. On a terminal the progress is one bar redrawn in place (carriage return); when the output is not a
 * terminal (a pipe, a log file) it is one plain line per change. A rebuild of the same projection that is
 * already running is followed instead. Exits with 0 when the rebuild is done, 1 when it failed, 2 when it could
 * not start or be followed.
 */
final class RebuildCommand {

    private static final int BAR_WIDTH = 30;

    private RebuildCommand() {
    }

    static int run(String[] args, PrintStream out, boolean terminal) {
        if (args.length < 2 || args[1].startsWith("--")) {
            out.println("Usage: rebuild <projection> [--url=http://localhost:8080] [--token=...] [--interval=1]");
            return 2;
        }
        String projection = args[1];
        String[] rest = new String[args.length - 1];
        rest[0] = args[0];
        System.arraycopy(args, 2, rest, 1, args.length - 2);
        try {
            Options options = Options.parse(rest);
            Duration interval = Duration.ofMillis(Math.round(Double.parseDouble(options.get("interval", "1")) * 1000));
            OperatorClient client = new OperatorClient(options);
            String path = "/actuator/projections/" + projection;
            OperatorClient.Answer started = client.exchange("POST", path, Map.of("action", "rebuild"),
                    Duration.ofSeconds(30));
            if (started.status() == 409 && "REBUILDING".equals(client.exchange("GET", path, null,
                    Duration.ofSeconds(30)).body().path("state").asText())) {
                out.println("A rebuild of " + projection + " is already running; following it.");
            } else if (started.status() != 202) {
                out.println("The rebuild of " + projection + " did not start (" + started.status() + "): "
                        + started.body().path("message").asText(started.body().toString()));
                return 2;
            } else {
                out.println(started.body().path("message").asText("Rebuilding " + projection + "."));
            }
            String lastLine = null;
            while (true) {
                JsonNode state = client.send("GET", path, null, Duration.ofSeconds(30));
                if (!"REBUILDING".equals(state.path("state").asText())) {
                    JsonNode last = state.path("lastRebuild");
                    if (terminal && lastLine != null) {
                        out.println();
                    }
                    if ("DONE".equals(last.path("state").asText())) {
                        out.println(String.format(Locale.ROOT, "Rebuild of %s done: %,d events; the rebuilt tables "
                                + "are live.", projection, last.path("processed").asLong()));
                        return 0;
                    }
                    out.println("Rebuild of " + projection + " failed: " + last.path("error").asText("unknown"));
                    return 1;
                }
                JsonNode progress = state.path("progress");
                if (terminal) {
                    out.print("\r" + bar(progress));
                    out.flush();
                    lastLine = "";
                } else {
                    String line = line(projection, progress);
                    if (!line.equals(lastLine)) {
                        out.println(line);
                        lastLine = line;
                    }
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Interrupted; the rebuild goes on in the service.");
            return 2;
        } catch (Exception e) {
            out.println("The rebuild could not be followed: " + e.getMessage());
            return 2;
        }
    }

    /** {@code [##########--------------------]  33.3%  1,000 / 3,000 events  500 events/s  ETA 0:04}. */
    static String bar(JsonNode progress) {
        double percent = progress.path("percent").asDouble();
        int filled = (int) Math.min(BAR_WIDTH, Math.round(percent / 100 * BAR_WIDTH));
        char[] bar = new char[BAR_WIDTH];
        Arrays.fill(bar, 0, filled, '#');
        Arrays.fill(bar, filled, BAR_WIDTH, '-');
        return String.format(Locale.ROOT, "[%s] %5.1f%%  %,d / %,d events  %,.0f events/s  ETA %s   ",
                new String(bar), percent, progress.path("processed").asLong(), progress.path("total").asLong(),
                progress.path("eventsPerSecond").asDouble(), eta(progress.path("etaSeconds")));
    }

    static String line(String projection, JsonNode progress) {
        return String.format(Locale.ROOT, "%s: %.1f%% (%,d / %,d events, %,.0f events/s, ETA %s)", projection,
                progress.path("percent").asDouble(), progress.path("processed").asLong(),
                progress.path("total").asLong(), progress.path("eventsPerSecond").asDouble(),
                eta(progress.path("etaSeconds")));
    }

    private static String eta(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return "?";
        }
        long s = seconds.asLong();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
