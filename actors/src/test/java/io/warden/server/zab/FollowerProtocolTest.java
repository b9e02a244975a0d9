package io.warden.server.zab;

import static io.warden.server.zab.Txns.only;
import static io.warden.server.zab.Txns.sentTo;
import static io.warden.server.zab.Txns.txn;
import static io.warden.server.zab.Txns.txns;
import static io.warden.server.zab.Txns.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.txn.Txn;
import io.warden.server.zab.ZabEffect.AppendToLog;
import io.warden.server.zab.ZabEffect.ApplySnapshot;
import io.warden.server.zab.ZabEffect.CommitTxns;
import io.warden.server.zab.ZabEffect.Established;
import io.warden.server.zab.ZabEffect.PersistAcceptedEpoch;
import io.warden.server.zab.ZabEffect.PersistCurrentEpoch;
import io.warden.server.zab.ZabEffect.Refused;
import io.warden.server.zab.ZabEffect.StepDown;
import io.warden.server.zab.ZabEffect.TruncateLog;
import io.warden.server.zab.ZabMessage.Ack;
import io.warden.server.zab.ZabMessage.AckEpoch;
import io.warden.server.zab.ZabMessage.AckNewLeader;
import io.warden.server.zab.ZabMessage.Commit;
import io.warden.server.zab.ZabMessage.Diff;
import io.warden.server.zab.ZabMessage.FollowerInfo;
import io.warden.server.zab.ZabMessage.Inform;
import io.warden.server.zab.ZabMessage.LeaderInfo;
import io.warden.server.zab.ZabMessage.NewLeader;
import io.warden.server.zab.ZabMessage.NotLeading;
import io.warden.server.zab.ZabMessage.Ping;
import io.warden.server.zab.ZabMessage.PingReply;
import io.warden.server.zab.ZabMessage.Proposal;
import io.warden.server.zab.ZabMessage.Snap;
import io.warden.server.zab.ZabMessage.Trunc;
import io.warden.server.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowerProtocolTest {
    private static final QuorumConfig CONFIG = new QuorumConfig(List.of(1L, 2L, 3L), List.of(9L));
    private static final long LEADER = 1;

    private final FakeLog log = new FakeLog();
    private long leaderSeq;
    private long epoch;

    /** Does what a shell does with the log effects, so the follower's view of its log stays true. */
    private List<ZabEffect> disk(List<ZabEffect> out) {
        for (ZabEffect e : out) {
            if (e instanceof AppendToLog a) {
                log.append(a.txns());
            } else if (e instanceof TruncateLog t) {
                log.truncateAfter(t.afterZxid());
            } else if (e instanceof ApplySnapshot s) {
                log.installSnapshot(s.snapshot(), registry());
            } else if (e instanceof CommitTxns c) {
                log.applied.addAll(c.txns());
            }
        }
        return out;
    }

    private static Map<Long, Txn> registry() {
        java.util.HashMap<Long, Txn> r = new java.util.HashMap<>();
        for (Txn t : txns(1, 1, 9)) {
            r.put(t.zxid(), t);
        }
        return r;
    }

    private List<ZabEffect> leader(FollowerProtocol f, ZabMessage m) {
        return disk(f.onMessage(LEADER, new Packet(epoch, ++leaderSeq, m)));
    }

    private FollowerProtocol follower(long self, long accepted, long current) {
        FollowerProtocol f = new FollowerProtocol(self, CONFIG, LEADER, 1, accepted, current, log, log.lastApplied(), 10, 5);
        List<ZabEffect> out = f.start();
        assertEquals(List.of(new FollowerInfo(self, accepted, log.lastZxid(), 1L << 16)), sentTo(LEADER, out));
        return f;
    }

    /** Through LeaderInfo(e) and the accepted-epoch promise. */
    private FollowerProtocol promised(long self, long e) {
        FollowerProtocol f = follower(self, 0, 0);
        epoch = e;
        leaderSeq = 0;
        List<ZabEffect> out = leader(f, new LeaderInfo(e, 1L << 16));
        assertEquals(List.of(new PersistAcceptedEpoch(e)), out, "nothing is said before the promise is durable");
        out = f.onPersisted(new PersistAcceptedEpoch(e));
        assertEquals(List.of(new AckEpoch(0, log.lastZxid())), sentTo(LEADER, out));
        return f;
    }

    @Test
    void aLeaderWithAnEpochOlderThanOurPromiseIsRefused() {
        FollowerProtocol f = follower(2, 5, 4);
        epoch = 3;
        List<ZabEffect> out = leader(f, new LeaderInfo(3, 1L << 16));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(1, only(StepDown.class, out).size());
        assertTrue(f.isStopped());
    }

    @Test
    void aFollowerTellsAServerThatTookItForTheLeaderThatItIsNotLeading() {
        // Server 2 follows 1; server 3 decided for 2 on votes it heard before 1's, and asks 2 to lead it.
        FollowerProtocol two = follower(2, 0, 0);
        List<ZabEffect> out = two.onMessage(3, new Packet(0, 1, new FollowerInfo(3, 0, 0, 7L << 16)));
        assertEquals(List.of(new NotLeading(LEADER, 7L << 16)), sentTo(3, out));
        assertFalse(two.isStopped(), "its own session with its leader goes on");

        // Server 3, following 2, gives up at once (not after initLimit ticks) and looks again.
        FollowerProtocol three = new FollowerProtocol(3, CONFIG, 2, 7, 0, 0, new FakeLog(), 0, 10, 5);
        three.start();
        assertEquals(List.of(), three.onMessage(2, new Packet(0, 0, new NotLeading(LEADER, 6L << 16))),
                "an answer to an earlier attempt is ignored");
        assertFalse(three.isStopped());
        assertEquals(1, only(StepDown.class, three.onMessage(2, new Packet(0, 0, new NotLeading(LEADER, 7L << 16)))).size());
        assertTrue(three.isStopped());
    }

    @Test
    void notLeadingFromTheLeaderOnceItAnsweredIsIgnored() {
        FollowerProtocol f = promised(2, 1);
        assertEquals(List.of(), f.onMessage(LEADER, new Packet(0, 0, new NotLeading(3, 1L << 16))));
        assertFalse(f.isStopped(), "a leader that answered our attempt leads it; a late or forged NotLeading changes nothing");
    }

    @Test
    void anAttemptIsRepeatedEveryTickAndANewOneBeginsEverySyncLimitTicks() {
        FollowerProtocol f = follower(2, 0, 0);
        // The leader did not answer yet: the same attempt again, so an answer slower than a tick still counts.
        for (int i = 1; i < 5; i++) {
            assertEquals(List.of(new FollowerInfo(2, 0, 0, 1L << 16)), sentTo(LEADER, f.onTick()));
        }
        FollowerInfo retry = (FollowerInfo) sentTo(LEADER, f.onTick()).get(0);
        assertEquals((1L << 16) + 1, retry.session(), "after syncLimit ticks, a new attempt (the answer may be lost)");
        epoch = 1;
        assertEquals(List.of(), f.onMessage(LEADER, new Packet(1, 1, new LeaderInfo(1, 1L << 16))),
                "an answer to an earlier attempt is ignored");
        assertEquals(List.of(new PersistAcceptedEpoch(1)),
                f.onMessage(LEADER, new Packet(1, 1, new LeaderInfo(1, retry.session()))));
    }

    @Test
    void aSlowAnswerToARepeatedAttemptIsTaken() {
        FollowerProtocol f = follower(2, 0, 0);
        f.onTick();
        f.onTick();
        epoch = 1;
        assertEquals(List.of(new PersistAcceptedEpoch(1)),
                f.onMessage(LEADER, new Packet(1, 1, new LeaderInfo(1, 1L << 16))));
    }

    @Test
    void theLeadersConnectionClosingEndsTheSessionAtOnce() {
        FollowerProtocol f = serving(2);
        List<ZabEffect> out = f.onLeaderUnreachable();
        assertEquals(1, only(StepDown.class, out).size());
        assertTrue(f.isStopped());
        assertEquals(List.of(), f.onLeaderUnreachable(), "a stopped session says nothing more");
        assertEquals(List.of(), f.onTick());
    }

    @Test
    void historyIsLoggedAfterTheNewEpochIsCurrentAndAppliedOnlyAtUpToDate() {
        FollowerProtocol f = promised(2, 1);
        assertEquals(List.of(), leader(f, new Diff(txns(1, 1, 1))).stream().filter(e -> !(e instanceof ZabEffect.Send)).toList());
        List<ZabEffect> out = leader(f, new NewLeader(z(1, 0)));
        assertEquals(List.of(new PersistCurrentEpoch(1)), out);
        out = disk(f.onPersisted(new PersistCurrentEpoch(1)));
        assertEquals(List.of(new AppendToLog(txns(1, 1, 1))), out);
        assertEquals(List.of(), f.onLogged(z(1, 0)), "not durable yet");
        out = f.onLogged(z(1, 1));
        assertEquals(List.of(new AckNewLeader(z(1, 0))), sentTo(LEADER, out));
        assertEquals(List.of(), log.applied, "nothing is applied before a quorum has it");
        out = leader(f, new UpToDate());
        assertEquals(List.of(new CommitTxns(txns(1, 1, 1)), new Established(1, LEADER)), out);
        assertTrue(f.isServing());
    }

    @Test
    void uncommittedTxnsOfOurOwnLogThatTheLeaderKeepsAreCommittedAtUpToDate() {
        log.append(txns(1, 1, 3)); // logged under an earlier leader, never committed here
        FollowerProtocol f = promised(2, 2);
        leader(f, new Diff(List.of()));
        leader(f, new NewLeader(z(2, 0)));
        List<ZabEffect> out = f.onPersisted(new PersistCurrentEpoch(2));
        assertEquals(List.of(new AckNewLeader(z(2, 0))), sentTo(LEADER, out), "nothing to log: ack at once");
        out = leader(f, new UpToDate());
        assertEquals(new CommitTxns(txns(1, 1, 3)), out.get(0));
    }

    @Test
    void truncationComesBeforeTheDiff() {
        log.append(txns(1, 1, 4));
        FollowerProtocol f = promised(2, 2);
        leader(f, new Trunc(z(1, 2)));
        leader(f, new Diff(txns(1, 3, 3)));
        leader(f, new NewLeader(z(2, 0)));
        List<ZabEffect> out = disk(f.onPersisted(new PersistCurrentEpoch(2)));
        assertEquals(List.of(new TruncateLog(z(1, 2)), new AppendToLog(txns(1, 3, 3))), out);
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), log.loggedZxids());
    }

    @Test
    void aTruncationBehindWhatWeCommittedIsRefused() {
        log.append(txns(1, 1, 4));
        log.applied.addAll(txns(1, 1, 3));
        FollowerProtocol f = promised(2, 2);
        List<ZabEffect> out = leader(f, new Trunc(z(1, 2)));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(1, only(StepDown.class, out).size());
        assertEquals(List.of(), only(TruncateLog.class, out));
    }

    @Test
    void aSnapshotReplacesStateAndLog() {
        log.append(txns(1, 1, 1));
        FollowerProtocol f = promised(2, 2);
        FakeLog leaderLog = new FakeLog();
        leaderLog.append(txns(1, 1, 5));
        leaderLog.applied.addAll(txns(1, 1, 4));
        Snapshot snap = leaderLog.latestSnapshot();
        leader(f, new Snap(snap.zxid(), snap.data()));
        leader(f, new Diff(txns(1, 5, 5)));
        leader(f, new NewLeader(z(2, 0)));
        List<ZabEffect> out = disk(f.onPersisted(new PersistCurrentEpoch(2)));
        assertEquals(List.of(new ApplySnapshot(snap), new AppendToLog(txns(1, 5, 5))), out);
        f.onLogged(z(1, 5));
        assertEquals(txns(1, 1, 4), log.applied);
        out = leader(f, new UpToDate());
        assertEquals(new CommitTxns(txns(1, 5, 5)), out.get(0));
    }

    private FollowerProtocol serving(long self) {
        FollowerProtocol f = promised(self, 1);
        leader(f, new Diff(List.of()));
        leader(f, new NewLeader(z(1, 0)));
        f.onPersisted(new PersistCurrentEpoch(1));
        leader(f, new UpToDate());
        assertTrue(f.isServing());
        return f;
    }

    @Test
    void proposalsAreAckedOnceDurableAndAppliedInOrderOnceCommittedAndDurable() {
        FollowerProtocol f = serving(2);
        List<ZabEffect> out = leader(f, new Proposal(z(1, 1), txn(z(1, 1))));
        assertEquals(List.of(new AppendToLog(List.of(txn(z(1, 1))))), out);
        leader(f, new Proposal(z(1, 2), txn(z(1, 2))));
        // The leader may commit before our own disk is done (a quorum without us): we apply once it is durable here.
        assertEquals(List.of(), leader(f, new Commit(z(1, 1))));
        out = disk(f.onLogged(z(1, 1)));
        assertEquals(List.of(new Ack(z(1, 1))), sentTo(LEADER, out));
        assertEquals(List.of(new CommitTxns(List.of(txn(z(1, 1))))), only(CommitTxns.class, out));
        out = f.onLogged(z(1, 2));
        assertEquals(List.of(new Ack(z(1, 2))), sentTo(LEADER, out));
        assertEquals(List.of(), only(CommitTxns.class, out));
        assertEquals(List.of(new CommitTxns(List.of(txn(z(1, 2))))), leader(f, new Commit(z(1, 2))));
        assertEquals(z(1, 2), f.lastCommitted());
    }

    @Test
    void aCommitOfAnUnknownOrSkippedZxidEndsTheSession() {
        FollowerProtocol f = serving(2);
        leader(f, new Proposal(z(1, 1), txn(z(1, 1))));
        leader(f, new Proposal(z(1, 2), txn(z(1, 2))));
        f.onLogged(z(1, 2));
        List<ZabEffect> out = leader(f, new Commit(z(1, 2)));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(1, only(StepDown.class, out).size());
        assertEquals(List.of(), only(CommitTxns.class, out));
    }

    @Test
    void aGapStaleEpochAndNewEpochAreToldApart() {
        FollowerProtocol f = serving(2);
        assertEquals(List.of(), f.onMessage(LEADER, new Packet(0, leaderSeq + 1, new Ping())), "stale epoch");
        assertEquals(List.of(), f.onMessage(LEADER, new Packet(1, leaderSeq, new Ping())), "duplicate");
        assertEquals(List.of(new PingReply()), sentTo(LEADER, leader(f, new Ping())));
        assertEquals(List.of(), f.onMessage(3, new Packet(1, leaderSeq + 1, new Ping())), "not our leader");
        leaderSeq++; // lost
        List<ZabEffect> out = leader(f, new Ping());
        assertTrue(only(StepDown.class, out).get(0).reason().contains("gap"));

        FollowerProtocol g = serving(3);
        out = g.onMessage(LEADER, new Packet(2, leaderSeq + 1, new Ping()));
        assertEquals(1, only(StepDown.class, out).size());
    }

    @Test
    void silenceOfTheLeaderEndsTheSession() {
        FollowerProtocol f = serving(2);
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), f.onTick());
        }
        assertEquals(1, only(StepDown.class, f.onTick()).size());
        assertFalse(f.isServing());
    }

    @Test
    void observersLogAndApplyInformsAndNeverAck() {
        FollowerProtocol o = serving(9);
        List<ZabEffect> out = leader(o, new Inform(txn(z(1, 1))));
        assertEquals(List.of(new AppendToLog(List.of(txn(z(1, 1))))), out);
        out = disk(o.onLogged(z(1, 1)));
        assertEquals(List.of(new CommitTxns(List.of(txn(z(1, 1))))), out, "no Ack from an observer");
        assertEquals(1, only(Refused.class, leader(o, new Proposal(z(1, 2), txn(z(1, 2))))).size());
    }

    @Test
    void proposalsArrivingWhileTheEpochIsPersistedAreLoggedWithTheHistoryAndAckedAfterNewLeader() {
        FollowerProtocol f = promised(2, 1);
        leader(f, new Diff(List.of()));
        leader(f, new NewLeader(z(1, 0)));
        assertEquals(List.of(), leader(f, new Proposal(z(1, 1), txn(z(1, 1)))));
        List<ZabEffect> out = disk(f.onPersisted(new PersistCurrentEpoch(1)));
        assertEquals(List.of(new AppendToLog(List.of(txn(z(1, 1))))), out);
        out = f.onLogged(z(1, 1));
        assertEquals(List.of(new AckNewLeader(z(1, 0)), new Ack(z(1, 1))), sentTo(LEADER, out));
        List<ZabEffect> applied = new ArrayList<>(leader(f, new Commit(z(1, 1))));
        assertEquals(List.of(), only(CommitTxns.class, applied), "held until UPTODATE");
        applied = leader(f, new UpToDate());
        assertEquals(List.of(new CommitTxns(List.of(txn(z(1, 1))))), only(CommitTxns.class, applied));
    }
}
