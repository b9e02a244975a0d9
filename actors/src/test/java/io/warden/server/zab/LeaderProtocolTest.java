package io.warden.server.zab;

import static io.warden.server.zab.Txns.only;
import static io.warden.server.zab.Txns.sentTo;
import static io.warden.server.zab.Txns.txn;
import static io.warden.server.zab.Txns.txns;
import static io.warden.server.zab.Txns.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.txn.Txn;
import io.warden.server.zab.ZabEffect.CommitTxns;
import io.warden.server.zab.ZabEffect.Established;
import io.warden.server.zab.ZabEffect.PersistAcceptedEpoch;
import io.warden.server.zab.ZabEffect.PersistCurrentEpoch;
import io.warden.server.zab.ZabEffect.Refused;
import io.warden.server.zab.ZabEffect.StepDown;
import io.warden.server.zab.ZabMessage.Ack;
import io.warden.server.zab.ZabMessage.AckEpoch;
import io.warden.server.zab.ZabMessage.AckNewLeader;
import io.warden.server.zab.ZabMessage.Commit;
import io.warden.server.zab.ZabMessage.Diff;
import io.warden.server.zab.ZabMessage.FollowerInfo;
import io.warden.server.zab.ZabMessage.LeaderInfo;
import io.warden.server.zab.ZabMessage.NewLeader;
import io.warden.server.zab.ZabMessage.Proposal;
import io.warden.server.zab.ZabMessage.Snap;
import io.warden.server.zab.ZabMessage.Trunc;
import io.warden.server.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaderProtocolTest {
    private static final QuorumConfig THREE = QuorumConfig.ofVoters(1, 2, 3);
    private static final QuorumConfig WITH_OBSERVER = new QuorumConfig(List.of(1L, 2L, 3L), List.of(9L));

    private final long[] seq = new long[10];

    private Packet from(long sid, long epoch, ZabMessage m) {
        if (m instanceof FollowerInfo) {
            seq[(int) sid] = 0;
        }
        return new Packet(epoch, ++seq[(int) sid], m);
    }

    /** The leader's log: epoch 1 counters 1..5, epoch 2 counters 1..3; committed through {@code committed}. */
    private static FakeLog history(long committed) {
        FakeLog log = new FakeLog();
        log.append(txns(1, 1, 5));
        log.append(txns(2, 1, 3));
        for (Txn t : log.range(0, committed)) {
            log.applied.add(t);
        }
        return log;
    }

    /** Brings the leader (accepted 2, current 2) through discovery with follower 2 and returns what it sends 2 in sync. */
    private List<ZabMessage> syncOf(LeaderProtocol leader, long followerLast, long followerCurrent) {
        leader.start();
        List<ZabEffect> out = leader.onMessage(2, from(2, 0, new FollowerInfo(2, followerCurrent, followerLast, 1)));
        assertEquals(List.of(new PersistAcceptedEpoch(3)), out);
        out = leader.onPersisted(new PersistAcceptedEpoch(3));
        assertEquals(List.of(new LeaderInfo(3, 1)), sentTo(2, out));
        out = leader.onMessage(2, from(2, 3, new AckEpoch(followerCurrent, followerLast)));
        assertEquals(List.of(new PersistCurrentEpoch(3)), out);
        return sentTo(2, leader.onPersisted(new PersistCurrentEpoch(3)));
    }

    @ParameterizedTest(name = "leader accepted {0}, follower accepted {1} -> epoch {2}")
    @CsvSource({"0, 0, 1", "2, 1, 3", "1, 7, 8", "5, 5, 6"})
    void theNewEpochExceedsEveryEpochTheQuorumAccepted(long leaderAccepted, long followerAccepted, long epoch) {
        LeaderProtocol leader = new LeaderProtocol(1, THREE, leaderAccepted, 0, 0, new FakeLog(), 10, 5);
        assertEquals(List.of(), leader.start(), "alone it is no quorum");
        List<ZabEffect> out = leader.onMessage(2, from(2, 0, new FollowerInfo(2, followerAccepted, 0, 1)));
        assertEquals(List.of(new PersistAcceptedEpoch(epoch)), out);
        // A follower arriving after the decision does not move the epoch; it waits for the leader's promise to be durable.
        assertEquals(List.of(), leader.onMessage(3, from(3, 0, new FollowerInfo(3, epoch + 10, 0, 1))));
        out = leader.onPersisted(new PersistAcceptedEpoch(epoch));
        assertEquals(List.of(new LeaderInfo(epoch, 1)), sentTo(2, out));
        assertEquals(List.of(new LeaderInfo(epoch, 1)), sentTo(3, out));
    }

    @Test
    void observersDoNotMakeTheEpochQuorum() {
        LeaderProtocol leader = new LeaderProtocol(1, WITH_OBSERVER, 0, 0, 0, new FakeLog(), 10, 5);
        leader.start();
        assertEquals(List.of(), leader.onMessage(9, from(9, 0, new FollowerInfo(9, 4, 0, 1))));
        assertEquals(List.of(new PersistAcceptedEpoch(5)),
                leader.onMessage(2, from(2, 0, new FollowerInfo(2, 0, 0, 1))), "the observer's epoch still counts");
    }

    @Test
    void aFollowerAtTheLeadersLastZxidGetsAnEmptyDiff() {
        List<ZabMessage> sync = syncOf(new LeaderProtocol(1, THREE, 2, 2, z(2, 3), history(z(2, 3)), 10, 5), z(2, 3), 2);
        assertEquals(List.of(new Diff(List.of()), new NewLeader(z(3, 0))), sync);
    }

    @Test
    void aFollowerBehindGetsTheMissingTxnsByDiff() {
        List<ZabMessage> sync = syncOf(new LeaderProtocol(1, THREE, 2, 2, z(2, 1), history(z(2, 1)), 10, 5), z(1, 3), 1);
        List<Txn> expected = new ArrayList<>(txns(1, 4, 5));
        expected.addAll(txns(2, 1, 3));
        assertEquals(List.of(new Diff(expected), new NewLeader(z(3, 0))), sync);
    }

    @Test
    void aFollowerWithTxnsTheLeaderNeverHadIsTruncatedFirst() {
        // It logged 1:6 and 1:7 from a leader of epoch 1 that failed before anyone else had them.
        List<ZabMessage> sync = syncOf(new LeaderProtocol(1, THREE, 2, 2, z(2, 3), history(z(2, 3)), 10, 5), z(1, 7), 1);
        assertEquals(List.of(new Trunc(z(1, 5)), new Diff(txns(2, 1, 3)), new NewLeader(z(3, 0))), sync);
    }

    @Test
    void aFollowerOlderThanTheLeadersLogGetsASnapshotThenTheRest() {
        FakeLog log = history(z(1, 4));
        log.purge(z(1, 3));
        Snapshot snap = log.latestSnapshot();
        assertEquals(z(1, 4), snap.zxid());
        List<ZabMessage> sync = syncOf(new LeaderProtocol(1, THREE, 2, 2, z(1, 4), log, 10, 5), z(1, 1), 1);
        List<Txn> rest = new ArrayList<>(txns(1, 5, 5));
        rest.addAll(txns(2, 1, 3));
        assertEquals(List.of(new Snap(snap.zxid(), snap.data()), new Diff(rest), new NewLeader(z(3, 0))), sync);
    }

    @Test
    void aFollowerAheadOfTheLeaderIsRefused() {
        LeaderProtocol leader = new LeaderProtocol(1, THREE, 2, 1, z(1, 5), history(z(1, 5)), 10, 5);
        leader.start();
        leader.onMessage(2, from(2, 0, new FollowerInfo(2, 2, z(2, 9), 1)));
        leader.onPersisted(new PersistAcceptedEpoch(3));
        List<ZabEffect> out = leader.onMessage(2, from(2, 3, new AckEpoch(2, z(2, 9))));
        assertTrue(only(Refused.class, out).get(0).reason().contains("ahead"), out.toString());
        assertFalse(out.stream().anyMatch(e -> e instanceof PersistCurrentEpoch));
        assertFalse(leader.learners().contains(2L));
    }

    @ParameterizedTest(name = "accepted {0}, AckEpoch({1}, {2}) is a lie")
    @CsvSource({
            "1, 2, 0",                 // current epoch beyond the epoch it had accepted
            "2, 1, 8589934593",        // a zxid of epoch 2 while its current epoch is 1
            "2, 2, 12884901889"})      // a zxid of the epoch being established, before anything was proposed in it
    void impossibleClaimsAreRefused(long accepted, long current, long lastZxid) {
        LeaderProtocol leader = new LeaderProtocol(1, THREE, 2, 2, 0, new FakeLog(), 10, 5);
        leader.start();
        leader.onMessage(2, from(2, 0, new FollowerInfo(2, accepted, lastZxid, 1)));
        leader.onPersisted(new PersistAcceptedEpoch(3));
        List<ZabEffect> out = leader.onMessage(2, from(2, 3, new AckEpoch(current, lastZxid)));
        assertEquals(1, only(Refused.class, out).size(), out.toString());
        assertEquals(List.of(), only(PersistCurrentEpoch.class, out));
    }

    /** An established leader of epoch 1 with followers 2 and 3 (and observer 9 when configured). */
    private final FakeLog log = new FakeLog();

    private LeaderProtocol established(QuorumConfig config) {
        LeaderProtocol leader = new LeaderProtocol(1, config, 0, 0, 0, log, 10, 5);
        leader.start();
        for (long f : config.members()) {
            if (f != 1) {
                leader.onMessage(f, from(f, 0, new FollowerInfo(f, 0, 0, 1)));
            }
        }
        leader.onPersisted(new PersistAcceptedEpoch(1));
        for (long f : config.members()) {
            if (f != 1) {
                leader.onMessage(f, from(f, 1, new AckEpoch(0, 0)));
            }
        }
        leader.onPersisted(new PersistCurrentEpoch(1));
        List<ZabEffect> out = new ArrayList<>();
        for (long f : config.members()) {
            if (f != 1) {
                out.addAll(leader.onMessage(f, from(f, 1, new AckNewLeader(z(1, 0)))));
            }
        }
        assertTrue(out.contains(new Established(1, 1)), out.toString());
        assertTrue(leader.isServing());
        return leader;
    }

    @Test
    void itServesOnlyAfterAQuorumAckedNewLeader() {
        LeaderProtocol leader = new LeaderProtocol(1, THREE, 0, 0, 0, new FakeLog(), 10, 5);
        leader.start();
        leader.onMessage(2, from(2, 0, new FollowerInfo(2, 0, 0, 1)));
        leader.onPersisted(new PersistAcceptedEpoch(1));
        leader.onMessage(2, from(2, 1, new AckEpoch(0, 0)));
        List<ZabEffect> out = leader.onPersisted(new PersistCurrentEpoch(1));
        assertFalse(leader.isServing());
        assertThrows(IllegalStateException.class, () -> leader.propose(txn(0)));
        out = leader.onMessage(2, from(2, 1, new AckNewLeader(z(1, 0))));
        assertEquals(List.of(new UpToDate()), sentTo(2, out));
        assertTrue(out.contains(new Established(1, 1)));
        assertTrue(leader.isServing());
    }

    @Test
    void itCommitsInZxidOrderOnceAQuorumIncludingItselfHasTheTxnDurable() {
        LeaderProtocol leader = established(THREE);
        List<Long> zxids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<ZabEffect> out = leader.propose(txn(0));
            Proposal p = (Proposal) sentTo(2, out).get(0);
            assertEquals(p, sentTo(3, out).get(0));
            zxids.add(p.zxid());
        }
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), zxids);
        // Follower 2 has the later two; the first has no quorum, so nothing commits.
        assertEquals(List.of(), leader.onMessage(2, from(2, 1, new Ack(z(1, 2)))));
        assertEquals(List.of(), leader.onMessage(2, from(2, 1, new Ack(z(1, 3)))));
        // A quorum without the leader itself is not enough: the leader applies what it commits.
        assertEquals(List.of(), leader.onMessage(3, from(3, 1, new Ack(z(1, 1)))));
        assertEquals(List.of(), leader.onMessage(2, from(2, 1, new Ack(z(1, 1)))));
        List<ZabEffect> out = leader.onLogged(z(1, 3));
        List<CommitTxns> commits = only(CommitTxns.class, out);
        assertEquals(1, commits.size());
        assertEquals(List.of(z(1, 1), z(1, 2), z(1, 3)), commits.get(0).txns().stream().map(Txn::zxid).toList());
        assertEquals(List.of(new Commit(z(1, 1)), new Commit(z(1, 2)), new Commit(z(1, 3))), sentTo(3, out));
        assertEquals(z(1, 3), leader.lastCommitted());
    }

    @Test
    void theLeadersOwnLogGatesTheCommit() {
        LeaderProtocol leader = established(THREE);
        leader.propose(txn(0));
        leader.propose(txn(0));
        leader.onMessage(2, from(2, 1, new Ack(z(1, 1))));
        leader.onMessage(2, from(2, 1, new Ack(z(1, 2))));
        List<ZabEffect> out = leader.onLogged(z(1, 1));
        assertEquals(List.of(z(1, 1)), only(CommitTxns.class, out).get(0).txns().stream().map(Txn::zxid).toList());
    }

    @Test
    void observersGetInformsAndTheirAcksAreRefused() {
        LeaderProtocol leader = established(WITH_OBSERVER);
        List<ZabEffect> out = leader.propose(txn(0));
        assertEquals(List.of(), sentTo(9, out), "observers see no proposals");
        leader.onLogged(z(1, 1));
        out = leader.onMessage(2, from(2, 1, new Ack(z(1, 1))));
        Txn committed = only(CommitTxns.class, out).get(0).txns().get(0);
        assertEquals(List.of(new ZabMessage.Inform(committed)), sentTo(9, out));
        leader.propose(txn(0));
        leader.onLogged(z(1, 2));
        out = leader.onMessage(9, from(9, 1, new Ack(z(1, 2))));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(List.of(), only(CommitTxns.class, out), "an observer's ack is no vote");
    }

    @Test
    void anAckForAZxidNeverProposedIsRefusedAndCountsForNothing() {
        LeaderProtocol leader = established(THREE);
        leader.propose(txn(0));
        leader.onLogged(z(1, 1));
        List<ZabEffect> out = leader.onMessage(2, from(2, 1, new Ack(z(1, 5))));
        assertEquals(1, only(Refused.class, out).size());
        // Its session is over: even its ack of a real proposal is not believed now.
        assertEquals(List.of(), leader.onMessage(2, from(2, 1, new Ack(z(1, 1)))));
        assertEquals(0, leader.lastCommitted());
        assertEquals(1, only(CommitTxns.class, leader.onMessage(3, from(3, 1, new Ack(z(1, 1))))).size());
    }

    @Test
    void staleEpochsAreIgnoredAndAHigherOneIsRefused() {
        LeaderProtocol leader = established(THREE);
        leader.propose(txn(0));
        leader.onLogged(z(1, 1));
        assertEquals(List.of(), leader.onMessage(2, new Packet(0, 99, new Ack(z(1, 1)))));
        List<ZabEffect> out = leader.onMessage(3, new Packet(2, seq[3] + 1, new Ack(z(1, 1))));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(List.of(), only(CommitTxns.class, out));
    }

    @Test
    void aGapInAFollowersStreamEndsItsSession() {
        LeaderProtocol leader = established(THREE);
        leader.propose(txn(0));
        leader.onLogged(z(1, 1));
        seq[2]++; // one message of 2 was lost
        List<ZabEffect> out = leader.onMessage(2, from(2, 1, new Ack(z(1, 1))));
        assertEquals(1, only(Refused.class, out).size());
        assertEquals(List.of(), only(CommitTxns.class, out));
        assertFalse(leader.learners().contains(2L));
    }

    @Test
    void aLeaderThatHearsFromNoQuorumStepsDownAndDoesNothingMore() {
        LeaderProtocol leader = established(THREE);
        List<ZabEffect> out = List.of();
        int ticks = 0;
        while (only(StepDown.class, out).isEmpty()) {
            out = leader.onTick();
            ticks++;
            if (ticks <= 5) {
                // Follower 2 keeps answering for a while: 1 and 2 are a quorum.
                leader.onMessage(2, from(2, 1, new ZabMessage.PingReply()));
            }
            assertTrue(ticks < 20);
        }
        assertEquals(11, ticks, "5 ticks of answers, then syncLimit + 1 ticks of silence");
        assertTrue(leader.isStopped());
        assertThrows(IllegalStateException.class, () -> leader.propose(txn(0)));
        assertEquals(List.of(), leader.onMessage(2, from(2, 1, new Ack(z(1, 1)))));
        assertEquals(List.of(), leader.onTick());
    }

    @Test
    void aRepeatedFollowerInfoOfTheSameAttemptIsAnsweredOnce() {
        LeaderProtocol leader = established(THREE);
        List<ZabEffect> out = leader.onMessage(2, from(2, 0, new FollowerInfo(2, 1, z(1, 0), 7)));
        assertEquals(List.of(new LeaderInfo(1, 7)), sentTo(2, out));
        // The follower repeats its attempt every tick until the answer arrives; the repeat changes nothing here.
        assertEquals(List.of(), leader.onMessage(2, from(2, 0, new FollowerInfo(2, 1, z(1, 0), 7))));
        out = leader.onMessage(2, from(2, 1, new AckEpoch(1, z(1, 0))));
        assertFalse(sentTo(2, out).isEmpty(), "the session goes on with the attempt that was answered: " + out);
        // A new attempt (a new session number) does start over.
        assertEquals(List.of(new LeaderInfo(1, 8)),
                sentTo(2, leader.onMessage(2, from(2, 0, new FollowerInfo(2, 1, z(1, 0), 8)))));
    }

    @Test
    void aLearnerWhoseConnectionClosedIsDroppedAndALeaderWithoutQuorumStepsDownAtOnce() {
        LeaderProtocol leader = established(THREE);
        assertEquals(List.of(), leader.onLearnerUnreachable(2), "1 and 3 are still a quorum");
        assertFalse(leader.learners().contains(2L));
        assertTrue(leader.isServing());
        assertEquals(List.of(), leader.onLearnerUnreachable(9), "not a learner of this leader: nothing to do");
        List<ZabEffect> out = leader.onLearnerUnreachable(3);
        assertEquals(1, only(StepDown.class, out).size(), out.toString());
        assertTrue(leader.isStopped());
        assertEquals(List.of(), leader.onLearnerUnreachable(3));
    }

    @Test
    void aLearnerStillSynchronisingHasInitLimitNotSyncLimit() {
        LeaderProtocol leader = established(THREE);
        // Follower 2 comes back (a restart) and is told the epoch; then it is slow to answer, as a cold JVM is.
        assertEquals(List.of(new LeaderInfo(1, 7)),
                sentTo(2, leader.onMessage(2, from(2, 0, new FollowerInfo(2, 1, z(1, 0), 7)))));
        for (int t = 1; t <= 10; t++) {
            leader.onTick();
            leader.onMessage(3, from(3, 1, new ZabMessage.PingReply()));
            assertTrue(leader.learners().contains(2L), "dropped after " + t + " ticks, within initLimit");
        }
        leader.onTick();
        assertFalse(leader.learners().contains(2L), "dropped after initLimit + 1 ticks of silence");
        assertTrue(leader.isServing(), "1 and 3 are a quorum");
    }

    @Test
    void aLeaderNotEstablishedWithinInitLimitStepsDown() {
        LeaderProtocol leader = new LeaderProtocol(1, THREE, 0, 0, 0, new FakeLog(), 4, 2);
        leader.start();
        for (int i = 1; i <= 4; i++) {
            assertEquals(List.of(), only(StepDown.class, leader.onTick()));
        }
        assertEquals(1, only(StepDown.class, leader.onTick()).size());
    }

    @Test
    void aFollowerJoiningDuringBroadcastGetsCommittedTxnsByDiffAndInFlightProposals() {
        LeaderProtocol leader = established(QuorumConfig.ofVoters(1, 2, 3, 4, 5));
        for (int i = 0; i < 3; i++) {
            log.append(only(ZabEffect.AppendToLog.class, leader.propose(txn(0))).get(0).txns());
        }
        leader.onLogged(z(1, 3));
        leader.onMessage(2, from(2, 1, new Ack(z(1, 1))));
        leader.onMessage(3, from(3, 1, new Ack(z(1, 1))));
        assertEquals(z(1, 1), leader.lastCommitted());
        // 5 starts a new session; it has the first proposal (committed now), the rest comes as proposals.
        leader.onMessage(5, from(5, 0, new FollowerInfo(5, 1, z(1, 1), 7)));
        List<ZabEffect> out = leader.onMessage(5, from(5, 1, new AckEpoch(1, z(1, 1))));
        assertEquals(List.of(new Diff(List.of()), new Proposal(z(1, 2), txnOf(leader, out, z(1, 2))),
                new Proposal(z(1, 3), txnOf(leader, out, z(1, 3))), new NewLeader(z(1, 0))), sentTo(5, out));
        out = leader.onMessage(5, from(5, 1, new AckNewLeader(z(1, 0))));
        assertEquals(List.of(new UpToDate()), sentTo(5, out));
    }

    @Test
    void aSingleVoterEstablishesAloneOnceItsEpochsAreDurable() {
        FakeLog own = new FakeLog();
        own.append(txns(1, 1, 2));
        LeaderProtocol leader = new LeaderProtocol(1, QuorumConfig.ofVoters(1), 1, 1, 0, own, 10, 5);
        assertEquals(List.of(new PersistAcceptedEpoch(2)), leader.start());
        assertEquals(List.of(new PersistCurrentEpoch(2)), leader.onPersisted(new PersistAcceptedEpoch(2)));
        assertEquals(List.of(new CommitTxns(txns(1, 1, 2)), new Established(2, 1)),
                leader.onPersisted(new PersistCurrentEpoch(2)));
        List<ZabEffect> out = leader.propose(txn(0));
        assertEquals(List.of(new CommitTxns(List.of(new Txn(z(2, 1), 0, 1, 0, 5, List.of(), "t0")))),
                leader.onLogged(z(2, 1)));
        assertEquals(1, out.size(), "nobody to send to: " + out);
    }

    private static Txn txnOf(LeaderProtocol leader, List<ZabEffect> out, long zxid) {
        for (ZabMessage m : sentTo(5, out)) {
            if (m instanceof Proposal p && p.zxid() == zxid) {
                return p.txn();
            }
        }
        throw new AssertionError("no proposal " + Zxids.hex(zxid));
    }
}
