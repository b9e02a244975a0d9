package io.warden.testkit.sim;

import java.util.List;

/**
 * The outcome of one simulated run.
 *
 * @param trace     every line when the options asked for a full trace, else the last lines only
 * @param traceHash a hash of the whole trace, equal for equal traces
 * @param traceLines how many lines the whole trace had
 * @param violation the first broken invariant, or null
 */
public record SimResult(long seed, SimOptions options, List<String> trace, long traceHash, long traceLines,
                        Violation violation, Stats stats) {

    /** What happened, for summaries. */
    public record Stats(long events, long simulatedMs, long committed, long acknowledged, long elections, long crashes,
                        long partitions, long sessionsExpired) {
    }

    public SimResult {
        trace = List.copyOf(trace);
    }

    public boolean ok() {
        return violation == null;
    }

    /** The one-line command that replays this run with its full trace. */
    public String replayCommand() {
        return options.replayCommand(seed);
    }

    /** A failure report: the seed, the invariant, the replay command and the trace's last lines. */
    public String describeFailure() {
        if (ok()) {
            return "seed " + seed + ": ok";
        }
        int from = Math.max(0, trace.size() - 60);
        return "seed " + seed + " violated " + violation + "\nreplay: " + replayCommand() + "\nlast trace lines:\n  "
                + String.join("\n  ", trace.subList(from, trace.size()));
    }
}
