package io.warden.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks catch planted bugs within the CI seed budget, and name the invariant each bug breaks. */
class MutantsTest {

    private static SimResult firstFailure(Mutant mutant, int voters) {
        SimOptions options = SimOptions.defaults().voters(voters).mutant(mutant);
        for (long seed = 1; seed <= SimulationSeedsTest.SEEDS; seed++) {
            SimResult r = Simulation.run(seed, options);
            if (!r.ok()) {
                return r;
            }
        }
        fail(mutant + " survived " + SimulationSeedsTest.SEEDS + " seeds");
        return null;
    }

    @Test
    void committingBeforeAQuorumLosesAcknowledgedWrites() {
        SimResult r = firstFailure(Mutant.COMMIT_BEFORE_QUORUM, 3);
        assertEquals(Invariant.ACKNOWLEDGED_WRITES, r.violation().invariant(), r.describeFailure());
    }

    @Test
    void forgettingTheAcceptedEpochLetsTwoLeadersShareAnEpoch() {
        for (int voters : new int[] {3, 5}) {
            SimResult r = firstFailure(Mutant.FORGET_ACCEPTED_EPOCH, voters);
            // Two leaders of one epoch: seen when both establish it, or when one replica's log receives both histories.
            assertTrue(Set.of(Invariant.ONE_LEADER_PER_EPOCH, Invariant.AGREEMENT).contains(r.violation().invariant()),
                    r.describeFailure());
        }
    }

    @Test
    void applyingCommitsOutOfOrderBreaksAgreement() {
        SimResult r = firstFailure(Mutant.APPLY_OUT_OF_ORDER, 3);
        assertEquals(Invariant.AGREEMENT, r.violation().invariant(), r.describeFailure());
        assertTrue(r.violation().detail().contains("out of zxid order"), r.describeFailure());
    }

    @Test
    void aFailureNamesItsSeedAndTheReplayCommand() {
        SimResult r = firstFailure(Mutant.APPLY_OUT_OF_ORDER, 3);
        String report = r.describeFailure();
        assertTrue(report.startsWith("seed " + r.seed() + " violated AGREEMENT"), report);
        assertTrue(report.contains("replay: bin/warden simulate --seed " + r.seed() + " --mutant APPLY_OUT_OF_ORDER --trace"),
                report);
    }
}
