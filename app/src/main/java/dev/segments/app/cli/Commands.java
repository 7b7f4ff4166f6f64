package dev.segments.app.cli;

import dev.segments.app.security.TokenMinter;
import java.io.PrintStream;
import java.util.OptionalInt;

/**
 * The jar's commands: {@code token} (mint a local token), {@code verify} (a running service's consistency
 * check), {@code events} (follow the integration events on Kafka), {@code rebuild} (rebuild a projection of a running
 * service, with a progress bar). Anything else starts the service.
 */
public final class Commands {

    private Commands() {
    }

    /** Runs the command named by the first argument; empty when there is none and the service is to start. */
    public static OptionalInt run(String[] args, PrintStream out) {
        if (args.length == 0) {
            return OptionalInt.empty();
        }
        return switch (args[0]) {
            case "token" -> {
                out.println(TokenMinter.mint(args));
                yield OptionalInt.of(0);
            }
            case "verify" -> OptionalInt.of(VerifyCommand.run(Options.parse(args), out));
            case "events" -> OptionalInt.of(EventsCommand.run(Options.parse(args), out));
            case "rebuild" -> OptionalInt.of(RebuildCommand.run(args, out,
                    out == System.out && System.console() != null));
            default -> OptionalInt.empty();
        };
    }
}
