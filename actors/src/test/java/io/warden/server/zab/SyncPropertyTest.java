package io.warden.server.zab;

import static io.warden.server.zab.Txns.txn;
import static io.warden.server.zab.Txns.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever a follower's log holds (a prefix of the leader's history, possibly followed by txns of failed
 * epochs the leader never had) and however much of the leader's log was purged into a snapshot, one synchronisation
 * leaves the follower with exactly the leader's history applied, choosing DIFF, TRUNC or SNAP as Zab says.
 */
class SyncPropertyTest {
    private static final QuorumConfig THREE = QuorumConfig.ofVoters(1, 2, 3);

    @Test
    void oneSyncGivesTheFollowerExactlyTheLeadersHistory() {
        Map<String, Integer> kinds = new HashMap<>();
        for (long seed = 0; seed < 500; seed++) {
            kinds.merge(runOne(new Random(seed), seed), 1, Integer::sum);
        }
        assertTrue(kinds.keySet().containsAll(List.of("diff", "trunc", "snap")), kinds.toString());
    }

    private static String runOne(Random r, long seed) {
        // The leader's history: epochs 1, 3, 5 (the even epochs had leaders that failed before committing anything).
        List<Txn> history = new ArrayList<>();
        Map<Long, Integer> lastCounter = new HashMap<>();
        for (long e = 1; e <= 5; e += 2) {
            int k = r.nextInt(4);
            for (int c = 1; c <= k; c++) {
                history.add(txn(z(e, c)));
            }
            lastCounter.put(e, k);
        }
        Map<Long, Txn> registry = new HashMap<>();
        history.forEach(t -> registry.put(t.zxid(), t));

        FakeLog leaderLog = new FakeLog();
        leaderLog.append(history);
        int leaderCommitted = r.nextInt(history.size() + 1);
        leaderLog.applied.addAll(history.subList(0, leaderCommitted));
        if (r.nextInt(3) == 0) {
            leaderLog.purge(leaderLog.lastApplied());
        }

        // The follower: a prefix of the history, then perhaps txns of a failed even epoch.
        FakeLog followerLog = new FakeLog();
        int prefix = r.nextInt(history.size() + 1);
        followerLog.append(history.subList(0, prefix));
        long followerCurrent = prefix == 0 ? 0 : Zxids.epoch(history.get(prefix - 1).zxid());
        boolean divergent = false;
        long lastEpoch = followerCurrent;
        // A failed epoch's leader had our prefix as its whole history (Zab's prefix property), so the leader of now
        // has nothing between the end of the prefix and that epoch.
        long failed = lastEpoch + 1;
        boolean possible = prefix == history.size() || Zxids.epoch(history.get(prefix).zxid()) > failed;
        if (possible && failed < 6 && r.nextBoolean()) {
            int n = 1 + r.nextInt(3);
            List<Txn> extra = new ArrayList<>();
            for (int c = 1; c <= n; c++) {
                extra.add(txn(z(failed, c)));
            }
            followerLog.append(extra);
            extra.forEach(t -> registry.put(t.zxid(), t));
            followerCurrent = failed;
            divergent = true;
        }
        int followerCommitted = Math.min(prefix, r.nextInt(prefix + 1));
        followerLog.applied.addAll(history.subList(0, followerCommitted));
        long followerLast = followerLog.lastZxid();

        LeaderProtocol leader = new LeaderProtocol(1, THREE, 5, 5, leaderLog.lastApplied(), leaderLog, 10, 5);
        FollowerProtocol follower = new FollowerProtocol(2, THREE, 1, 1, followerCurrent, followerCurrent, followerLog,
                followerLog.lastApplied(), 10, 5);

        ArrayDeque<Runnable> work = new ArrayDeque<>();
        List<ZabMessage> toFollower = new ArrayList<>();
        class Wire {
            void leaderOut(List<ZabEffect> effects) {
                for (ZabEffect e : effects) {
                    if (e instanceof ZabEffect.Send s) {
                        toFollower.add(s.packet().body());
                        work.add(() -> followerOut(follower.onMessage(1, s.packet())));
                    } else if (e instanceof ZabEffect.PersistAcceptedEpoch || e instanceof ZabEffect.PersistCurrentEpoch) {
                        work.add(() -> leaderOut(leader.onPersisted(e)));
                    } else if (e instanceof ZabEffect.CommitTxns c) {
                        leaderLog.applied.addAll(c.txns());
                    }
                }
            }

            void followerOut(List<ZabEffect> effects) {
                for (ZabEffect e : effects) {
                    if (e instanceof ZabEffect.Send s) {
                        work.add(() -> leaderOut(leader.onMessage(2, s.packet())));
                    } else if (e instanceof ZabEffect.PersistAcceptedEpoch || e instanceof ZabEffect.PersistCurrentEpoch) {
                        work.add(() -> followerOut(follower.onPersisted(e)));
                    } else if (e instanceof ZabEffect.AppendToLog a) {
                        followerLog.append(a.txns());
                        long last = a.txns().get(a.txns().size() - 1).zxid();
                        work.add(() -> followerOut(follower.onLogged(last)));
                    } else if (e instanceof ZabEffect.TruncateLog t) {
                        followerLog.truncateAfter(t.afterZxid());
                    } else if (e instanceof ZabEffect.ApplySnapshot a) {
                        followerLog.installSnapshot(a.snapshot(), registry);
                    } else if (e instanceof ZabEffect.CommitTxns c) {
                        followerLog.applied.addAll(c.txns());
                    } else if (e instanceof ZabEffect.StepDown sd) {
                        throw new AssertionError("seed " + seed + ": follower stepped down: " + sd.reason());
                    }
                }
            }
        }
        Wire wire = new Wire();
        wire.leaderOut(leader.start());
        wire.followerOut(follower.start());
        while (!work.isEmpty()) {
            work.poll().run();
        }
        String where = "seed " + seed + ": follower last " + Zxids.hex(followerLast) + ", leader base "
                + Zxids.hex(leaderLog.baseZxid()) + ", sent " + toFollower;
        assertTrue(leader.isServing() && follower.isServing(), where);
        assertEquals(Sim.zxids(history), Sim.zxids(leaderLog.applied), where);
        assertEquals(Sim.zxids(history), Sim.zxids(followerLog.applied), where);
        for (long zxid : followerLog.loggedZxids()) {
            assertTrue(registry.get(zxid) != null && history.contains(registry.get(zxid)), where + ": kept " + Zxids.hex(zxid));
        }
        boolean snap = toFollower.stream().anyMatch(m -> m instanceof ZabMessage.Snap);
        boolean trunc = toFollower.stream().anyMatch(m -> m instanceof ZabMessage.Trunc);
        assertEquals(followerLast < leaderLog.baseZxid(), snap, where);
        if (!snap) {
            assertEquals(divergent, trunc, where);
        }
        return snap ? "snap" : trunc ? "trunc" : "diff";
    }
}
