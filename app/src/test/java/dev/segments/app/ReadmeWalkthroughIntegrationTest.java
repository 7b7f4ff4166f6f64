package dev.segments.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's curl walkthrough ("Try it with curl") top to bottom against the started service, as a new
 * user would paste it: every call must succeed (curl fails on any 4xx or 5xx), so the walkthrough cannot rot.
 * Needs the packaged jar (for its {@code token} command), which {@code ./mvnw verify} builds before the
 * integration tests run.
 */
class ReadmeWalkthroughIntegrationTest extends IntegrationTestBase {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

    @Test
    void walkthroughRunsTopToBottom() throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Try it with curl"),
                readme.indexOf("\n## ", readme.indexOf("## Try it with curl") + 1));
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BASH_BLOCK.matcher(section);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).as("bash blocks of the walkthrough").hasSizeGreaterThanOrEqualTo(2);

        String script = "set -euo pipefail\n"
                // every call of the walkthrough must succeed; the response still shows, as for the reader
                + "curl() { command curl --fail-with-body --show-error \"$@\"; echo; }\n"
                + String.join("\n", blocks).replace("http://localhost:8080", "http://localhost:" + port);
        Path log = Files.createTempFile("readme-walkthrough", ".log");
        Process bash = new ProcessBuilder("bash", "-c", script).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = bash.waitFor(3, TimeUnit.MINUTES);
        bash.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(finished).as("walkthrough finished in time").isTrue();
        assertThat(bash.exitValue()).as("walkthrough exit code; output:\n" + output).isZero();
        assertThat(output).contains("HTTP/1.1 201").contains("\"id\":\"p1\"");
    }
}
