package io.warden.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Directed failures on a simulated ensemble: each run under several seeds, so message order varies. */
class ZabScenarioTest {

    private static Sim established(QuorumConfig config, long seed, int writes) {
        Sim sim = new Sim(config, seed);
        sim.start();
        sim.converge(100);
        for (int i = 0; i < writes; i++) {
            sim.write(sim.currentLeader());
        }
        sim.converge(100);
        assertEquals(writes, sim.currentLeader().log.applied.size());
        return sim;
    }

    private static long someFollower(Sim sim) {
        return sim.nodes.values().stream().filter(n -> n.follower != null).findFirst().orElseThrow().id;
    }

    private static void quietRounds(Sim sim, int rounds) {
        for (int i = 0; i < rounds; i++) {
            sim.drain(100_000);
            sim.tickAll();
        }
        sim.drain(100_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void leaderPartitionedIntoMinorityStepsDownAndCommitsNothingMore(long seed) {
        Sim sim = established(QuorumConfig.ofVoters(1, 2, 3, 4, 5), seed, 3);
        Sim.Node old = sim.currentLeader();
        long oldEpoch = old.leader.epoch();
        long buddy = someFollower(sim);
        sim.partition(Set.of(old.id, buddy));
        int appliedThen = old.log.applied.size();
        List<Txn> orphans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orphans.add(sim.write(old));
        }
        quietRounds(sim, Sim.SYNC_LIMIT + 2);
        assertTrue(old.stepDowns > 0, "the minority leader must step down");
        assertFalse(old.serving());
        assertEquals(appliedThen, old.log.applied.size(), "a minority leader committed something");
        assertEquals(appliedThen, sim.nodes.get(buddy).log.applied.size());

        quietRounds(sim, Sim.INIT_LIMIT * 2);
        Sim.Node fresh = sim.currentLeader();
        assertNotNull(fresh, "the majority elects a new leader");
        assertNotEquals(old.id, fresh.id);
        assertTrue(fresh.leader.epoch() > oldEpoch);
        Txn later = sim.write(fresh);

        sim.converge(200);
        Sim.assertSameApplied(sim);
        List<Txn> applied = sim.currentLeader().log.applied;
        assertTrue(applied.contains(later));
        for (Txn orphan : orphans) {
            assertFalse(applied.contains(orphan), "an uncommitted proposal of the deposed leader survived");
            assertFalse(old.log.contains(orphan.zxid()), "the deposed leader kept a txn the ensemble never had");
        }
        assertTrue(sim.syncKinds.containsKey("Trunc->" + old.id), sim.syncKinds.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void followerBehindCatchesUpByDiff(long seed) {
        Sim sim = established(QuorumConfig.ofVoters(1, 2, 3), seed, 2);
        long lagging = someFollower(sim);
        Sim.Node leader = sim.currentLeader();
        sim.partition(Set.of(lagging));
        for (int i = 0; i < 5; i++) {
            sim.write(leader);
        }
        sim.drain(100_000);
        assertEquals(2, sim.nodes.get(lagging).log.applied.size());
        sim.converge(200);
        Sim.assertSameApplied(sim);
        assertEquals(7, sim.nodes.get(lagging).log.applied.size());
        assertTrue(sim.syncKinds.containsKey("Diff->" + lagging), sim.syncKinds.toString());
        assertFalse(sim.syncKinds.containsKey("Snap->" + lagging), sim.syncKinds.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25})
    void followerAheadWithUncommittedProposalsIsTruncated(long seed) {
        Sim sim = established(QuorumConfig.ofVoters(1, 2, 3), seed, 2);
        Sim.Node old = sim.currentLeader();
        sim.partition(Set.of(old.id));
        List<Txn> orphans = List.of(sim.write(old), sim.write(old));
        sim.drain(100_000); // the orphans are durable in the old leader's log only
        assertTrue(old.log.contains(orphans.get(1).zxid()));
        quietRounds(sim, Sim.INIT_LIMIT * 2);
        Sim.Node fresh = sim.currentLeader();
        assertNotNull(fresh);
        sim.write(fresh);
        sim.converge(200);
        Sim.assertSameApplied(sim);
        assertEquals(3, old.log.applied.size());
        assertFalse(old.log.contains(orphans.get(0).zxid()));
        assertTrue(sim.syncKinds.containsKey("Trunc->" + old.id), sim.syncKinds.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33, 34, 35})
    void followerFarBehindGetsASnapshot(long seed) {
        Sim sim = established(QuorumConfig.ofVoters(1, 2, 3), seed, 2);
        long lagging = someFollower(sim);
        Sim.Node leader = sim.currentLeader();
        sim.partition(Set.of(lagging));
        for (int i = 0; i < 6; i++) {
            sim.write(leader);
        }
        sim.drain(100_000);
        for (Sim.Node n : sim.nodes.values()) {
            if (n.id != lagging) {
                n.log.purge(n.log.lastApplied()); // the log before the snapshot is gone
            }
        }
        sim.converge(200);
        Sim.assertSameApplied(sim);
        assertEquals(8, sim.nodes.get(lagging).log.applied.size());
        assertTrue(sim.syncKinds.containsKey("Snap->" + lagging), sim.syncKinds.toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {41, 42, 43})
    void aCrashedAndRestartedEnsembleKeepsEveryCommittedTxn(long seed) {
        Sim sim = established(QuorumConfig.ofVoters(1, 2, 3), seed, 4);
        List<Txn> before = List.copyOf(sim.currentLeader().log.applied);
        for (long id : sim.nodes.keySet()) {
            sim.crash(id);
        }
        sim.converge(200);
        sim.write(sim.currentLeader());
        sim.converge(200);
        Sim.assertSameApplied(sim);
        List<Txn> after = sim.currentLeader().log.applied;
        assertEquals(before, after.subList(0, before.size()));
        assertEquals(before.size() + 1, after.size());
    }
}
