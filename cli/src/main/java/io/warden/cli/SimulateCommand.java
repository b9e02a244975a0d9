package io.warden.cli;

import io.warden.testkit.sim.Mutant;
import io.warden.testkit.sim.SimOptions;
import io.warden.testkit.sim.SimResult;
import io.warden.testkit.sim.Simulation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden simulate}: runs the seeded whole-ensemble simulator, either many seeds (a soak) or one seed with its
 * full trace (a replay). Exits 1 at the first seed that breaks an invariant, printing the seed and the command that
 * replays it.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the deterministic ensemble simulator: seeds FROM..FROM+N-1, or one seed with --seed.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1000", description = "how many seeds (default ${DEFAULT-VALUE})")
    long seeds;

    @Option(names = "--from", paramLabel = "S", defaultValue = "1", description = "the first seed (default ${DEFAULT-VALUE})")
    long from;

    @Option(names = "--seed", paramLabel = "S", description = "run this one seed only")
    Long seed;

    @Option(names = "--trace", description = "print the full trace (with --seed)")
    boolean trace;

    @Option(names = "--voters", paramLabel = "V", defaultValue = "" + SimOptions.DEFAULT_VOTERS,
            description = "ensemble size (default ${DEFAULT-VALUE})")
    int voters;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "" + SimOptions.DEFAULT_STEPS,
            description = "events of the faulty phase per seed (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--mutant", paramLabel = "M", description = "a deliberately broken shell, to see the checks fail: "
            + "${COMPLETION-CANDIDATES}")
    Mutant mutant;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (voters < 1 || steps < 0 || seeds < 1) {
            spec.commandLine().getErr().println("--voters and --seeds must be positive, --steps not negative");
            return 2;
        }
        SimOptions options = SimOptions.defaults().voters(voters).steps(steps).mutant(mutant);
        if (seed != null) {
            SimResult r = Simulation.run(seed, options.fullTrace(trace));
            if (trace) {
                r.trace().forEach(out::println);
            }
            out.println(summary(r));
            if (!r.ok()) {
                out.println("seed " + seed + " violated " + r.violation());
                out.println("replay: " + r.replayCommand());
                return 1;
            }
            return 0;
        }
        long start = System.nanoTime();
        long events = 0;
        long committed = 0;
        for (long s = from; s < from + seeds; s++) {
            SimResult r = Simulation.run(s, options);
            events += r.stats().events();
            committed += r.stats().committed();
            if (!r.ok()) {
                out.println(r.describeFailure());
                out.println("FAILED at seed " + s + " after " + (s - from) + " passing seeds; replay: " + r.replayCommand());
                return 1;
            }
            if ((s - from + 1) % 100 == 0) {
                out.println((s - from + 1) + " seeds ok");
                out.flush();
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("OK: " + seeds + " seeds (" + from + ".." + (from + seeds - 1) + "), " + voters + " voters, "
                + events + " events, " + committed + " committed txns, " + ms + " ms");
        return 0;
    }

    private static String summary(SimResult r) {
        SimResult.Stats s = r.stats();
        return "seed " + r.seed() + ": " + (r.ok() ? "ok" : "VIOLATION") + "; " + s.events() + " events, "
                + s.simulatedMs() + " simulated ms, " + s.committed() + " committed, " + s.acknowledged()
                + " acknowledged, " + s.elections() + " elections, " + s.crashes() + " crashes, " + s.partitions()
                + " partitions, " + s.sessionsExpired() + " sessions closed; trace " + r.traceLines() + " lines, hash "
                + Long.toHexString(r.traceHash());
    }
}
