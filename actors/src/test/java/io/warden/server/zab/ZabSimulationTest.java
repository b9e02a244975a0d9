package io.warden.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole ensembles through election, synchronisation and broadcast under seeded random schedules, partitions and crashes. */
class ZabSimulationTest {

    /** {@code -Dzab.sim.scale=10} runs ten times as many seeds, for a longer hunt. */
    private static final long SCALE = Long.getLong("zab.sim.scale", 1);

    static LongStream seeds200() {
        return LongStream.range(0, 200 * SCALE);
    }

    static LongStream seeds100() {
        return LongStream.range(100_000, 100_000 + 100 * SCALE);
    }

    static LongStream seeds50() {
        return LongStream.range(500_000, 500_000 + 50 * SCALE);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds200")
    void threeVotersSurviveChaos(long seed) {
        chaos(QuorumConfig.ofVoters(1, 2, 3), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds100")
    void fiveVotersSurviveChaos(long seed) {
        chaos(QuorumConfig.ofVoters(1, 2, 3, 4, 5), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds50")
    void observersFollowTheCommittedSequence(long seed) {
        chaos(new QuorumConfig(List.of(1L, 2L, 3L), List.of(7L, 8L)), seed);
    }

    static Sim lastSim;

    static void chaos(QuorumConfig config, long seed) {
        chaos(config, seed, false);
    }

    static void chaos(QuorumConfig config, long seed, boolean verbose) {
        Sim sim = new Sim(config, seed);
        sim.verbose = verbose;
        lastSim = sim;
        sim.dropRate = seed % 4 == 0 ? 0.003 : 0;
        sim.start();
        List<Long> ids = new ArrayList<>(config.members());
        for (int i = 0; i < 1500; i++) {
            int r = sim.random.nextInt(400);
            if (r == 0) {
                Set<Long> side = new HashSet<>();
                for (long id : ids) {
                    if (sim.random.nextBoolean()) {
                        side.add(id);
                    }
                }
                sim.partition(side);
            } else if (r == 1) {
                sim.heal();
            } else if (r == 2) {
                long id = ids.get(sim.random.nextInt(ids.size()));
                if (sim.nodes.get(id).up) {
                    sim.crash(id);
                } else {
                    sim.restart(id);
                }
            } else if (r == 3) {
                long id = ids.get(sim.random.nextInt(ids.size()));
                if (!sim.nodes.get(id).up) {
                    sim.restart(id);
                }
            } else if (r == 4) {
                Sim.Node n = sim.nodes.get(ids.get(sim.random.nextInt(ids.size())));
                n.log.purge(n.log.lastApplied()); // as after a snapshot: followers further behind need SNAP
            } else {
                sim.step(true, sim.random.nextInt(4) == 0);
            }
        }
        List<Txn> before = List.copyOf(sim.committed());
        sim.converge(300);
        Sim.Node leader = sim.currentLeader();
        Txn last = sim.write(leader);
        sim.converge(300);
        Sim.assertSameApplied(sim);
        List<Txn> after = leader.log.applied;
        assertTrue(after.size() >= before.size() && after.subList(0, before.size()).equals(before),
                "a committed txn was lost");
        assertEquals(sim.committed(), after);
        assertTrue(after.contains(last), "a write after healing was not committed");
        assertFalse(sim.establishedBy.isEmpty());
        SYNC_KINDS.addAll(sim.syncKinds.keySet().stream().map(k -> k.substring(0, k.indexOf("->"))).toList());
    }

    /** Which synchronisation kinds the random runs exercised, checked once all of them ran. */
    static final Set<String> SYNC_KINDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @org.junit.jupiter.api.AfterAll
    static void everySyncKindWasExercised() {
        if (SYNC_KINDS.isEmpty()) {
            return; // a single test was selected
        }
        assertTrue(SYNC_KINDS.containsAll(Set.of("Diff", "Trunc", "Snap")), "exercised only " + SYNC_KINDS);
    }
}
