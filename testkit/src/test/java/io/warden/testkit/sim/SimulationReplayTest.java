package io.warden.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One seed decides the whole run: the same seed gives the same trace, byte for byte; another seed another trace. */
class SimulationReplayTest {

    private static void assertReplays(long seed, SimOptions options) {
        SimResult first = Simulation.run(seed, options.fullTrace(true));
        SimResult second = Simulation.run(seed, options.fullTrace(true));
        assertTrue(first.traceLines() > 1000, "a run long enough to mean something: " + first.traceLines() + " lines");
        assertEquals(first.traceLines(), first.trace().size());
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.traceLines(), second.traceLines());
        assertEquals(String.join("\n", first.trace()), String.join("\n", second.trace()));
        assertEquals(first.stats(), second.stats());
        assertEquals(first.violation(), second.violation());
        // Keeping the full trace or only its tail does not change the run.
        SimResult tailOnly = Simulation.run(seed, options.fullTrace(false));
        assertEquals(first.traceHash(), tailOnly.traceHash());
        assertEquals(first.trace().subList(first.trace().size() - tailOnly.trace().size(), first.trace().size()),
                tailOnly.trace());
    }

    @Test
    void threeVotersReplayByteForByte() {
        assertReplays(42, SimOptions.defaults());
    }

    @Test
    void fiveVotersReplayByteForByte() {
        assertReplays(7, SimOptions.defaults().voters(5));
    }

    @Test
    void aFailingSeedReplaysItsFailure() {
        assertReplays(1, SimOptions.defaults().mutant(Mutant.COMMIT_BEFORE_QUORUM));
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        SimResult a = Simulation.run(100, SimOptions.defaults());
        SimResult b = Simulation.run(101, SimOptions.defaults());
        assertNotEquals(a.traceHash(), b.traceHash());
    }

    @Test
    void theFaultsAndTheWorkloadHappen() {
        SimResult r = Simulation.run(3, SimOptions.defaults().fullTrace(true));
        assertTrue(r.ok(), r.describeFailure());
        SimResult.Stats s = r.stats();
        assertTrue(s.committed() > 50 && s.acknowledged() > 50, s.toString());
        assertTrue(s.crashes() > 0 && s.sessionsExpired() > 0, s.toString());
        String trace = String.join("\n", r.trace());
        for (String expected : new String[] {" crashes: disk ", " restarts", "partition: ", " lost ", " expires session ",
                " (ephemeral)", " established epoch ", " commits [", "converged: leader "}) {
            assertTrue(trace.contains(expected), "the trace shows \"" + expected + "\"");
        }
    }
}
