package io.warden.testkit.sim;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ensemble sizes {@link SimulationSeedsTest} does not cover: an even ensemble (4 voters, where a quorum is 3 and a
 * 2-2 split has no majority) and a large one (7 voters, quorum 4). Fewer seeds than the main budget, since each run
 * carries more nodes; a failure names the seed and the command that replays it.
 */
class SimulationVoterCountsTest {
    static final int SEEDS = 50;

    @ParameterizedTest(name = "{0} voters")
    @ValueSource(ints = {4, 7})
    void everySeedKeepsEveryInvariant(int voters) {
        SimOptions options = SimOptions.defaults().voters(voters);
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimResult r = Simulation.run(seed, options);
            if (!r.ok()) {
                fail(r.describeFailure());
            }
        }
    }
}
