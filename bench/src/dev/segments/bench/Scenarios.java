package dev.segments.bench;

import dev.segments.bench.core.Scenario;
import dev.segments.bench.scenarios.AssignmentsScenario;
import dev.segments.bench.scenarios.EventsScenario;
import dev.segments.bench.scenarios.HistoryScenario;
import dev.segments.bench.scenarios.ItemsScenario;
import dev.segments.bench.scenarios.ListScenario;
import dev.segments.bench.scenarios.QScenario;
import dev.segments.bench.scenarios.ReadsScenario;
import dev.segments.bench.scenarios.RebuildScenario;
import dev.segments.bench.scenarios.ReferenceScenario;
import dev.segments.bench.scenarios.WritesScenario;
import java.util.ArrayList;
import java.util.List;

/** The scenario groups, by name. Adding a group: a class implementing {@link Scenario}, and one line in ALL. */
final class Scenarios {

    /** Every group, in the order {@code all} runs them. */
    static final List<Scenario> ALL = List.of(
            new WritesScenario(),
            new ReadsScenario(),
            new ListScenario(),
            new QScenario(),
            new AssignmentsScenario(),
            new ItemsScenario(),
            new EventsScenario(),
            new ReferenceScenario(),
            new HistoryScenario(),
            new RebuildScenario());

    private Scenarios() {
    }

    /** The groups of {@code spec}: "all", or a comma list of names run in the order given. */
    static List<Scenario> select(String spec) {
        if (spec.equals("all")) {
            return ALL;
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : spec.split(",")) {
            chosen.add(ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario group '" + name + "'; " + usage())));
        }
        return chosen;
    }

    /** "usage: bench/run.sh [writes|reads|...|all] (or a comma list)" */
    static String usage() {
        return "usage: bench/run.sh [" + String.join("|", ALL.stream().map(Scenario::name).toList())
                + "|all] (or a comma list such as reads,q)";
    }
}
