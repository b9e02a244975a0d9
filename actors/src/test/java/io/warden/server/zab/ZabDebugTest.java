package io.warden.server.zab;

import org.junit.jupiter.api.Test;

class ZabDebugTest {
    @Test
    void one() {
        long seed = Long.getLong("seed", 3);
        int n = Integer.getInteger("voters", 3);
        QuorumConfig c = n == 3 ? QuorumConfig.ofVoters(1, 2, 3) : n == 5 ? QuorumConfig.ofVoters(1, 2, 3, 4, 5)
                : new QuorumConfig(java.util.List.of(1L, 2L, 3L), java.util.List.of(7L, 8L));
        ZabSimulationTest.chaos(c, seed, true);
    }
}
