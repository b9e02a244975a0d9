package io.warden.testkit.sim;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The CI budget: a thousand seeds (three voters, every fourth seed five) must all keep every invariant. A failure
 * names the seed, the broken invariant and the command that replays it with its full trace.
 */
class SimulationSeedsTest {
    static final int SEEDS = 1000;

    @Test
    void aThousandSeedsKeepEveryInvariant() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimOptions options = SimOptions.defaults().voters(seed % 4 == 0 ? 5 : 3);
            SimResult r = Simulation.run(seed, options);
            if (!r.ok()) {
                fail(r.describeFailure());
            }
        }
    }
}
