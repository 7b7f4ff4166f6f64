package dev.segments.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rebuild command's terminal progress bar and plain lines, and its usage when the projection is missing. */
class RebuildCommandTest {

    private static JsonNode progress(String json) throws Exception {
        return OperatorClient.JSON.readTree(json);
    }

    @Test
    void drawsABarFilledInProportionWithCountsRateAndEta() throws Exception {
        String bar = RebuildCommand.bar(progress("{\"processed\":1000,\"total\":3000,\"percent\":33.3,"
                + "\"eventsPerSecond\":500.0,\"etaSeconds\":4}"));
        assertThat(bar).startsWith("[##########--------------------]  33.3%  1,000 / 3,000 events  500 events/s  ETA 0:04");
        assertThat(RebuildCommand.bar(progress("{\"processed\":0,\"total\":10,\"percent\":0.0,\"eventsPerSecond\":0,"
                + "\"etaSeconds\":null}"))).startsWith("[------------------------------]   0.0%").contains("ETA ?");
        assertThat(RebuildCommand.bar(progress("{\"processed\":10,\"total\":10,\"percent\":100.0,"
                + "\"eventsPerSecond\":10,\"etaSeconds\":3725}"))).startsWith("[" + "#".repeat(30) + "] 100.0%")
                .contains("ETA 1:02:05");
    }

    @Test
    void writesOnePlainLinePerProgressWhenNotATerminal() throws Exception {
        assertThat(RebuildCommand.line("segment-projection", progress("{\"processed\":1500,\"total\":3000,"
                + "\"percent\":50.0,\"eventsPerSecond\":1234.5,\"etaSeconds\":2}")))
                .isEqualTo("segment-projection: 50.0% (1,500 / 3,000 events, 1,235 events/s, ETA 0:02)");
    }

    @Test
    void answersUsageWithoutAProjection() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = RebuildCommand.run(new String[] {"rebuild", "--url=http://127.0.0.1:1"},
                new PrintStream(output, true, StandardCharsets.UTF_8), false);
        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("Usage: rebuild <projection>");
    }

    @Test
    void saysWhenTheServiceCannotBeReached() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = RebuildCommand.run(new String[] {"rebuild", "segment-projection", "--url=http://127.0.0.1:1"},
                new PrintStream(output, true, StandardCharsets.UTF_8), true);
        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("The rebuild could not be followed");
    }
}
