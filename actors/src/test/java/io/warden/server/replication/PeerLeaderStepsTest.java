package io.warden.server.replication;

import static io.warden.server.replication.PeerHarness.WAIT;
import static io.warden.server.replication.PeerHarness.zxid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.txn.Txn;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server 3's Peer as the leader of epoch 2 with followers 1 and 2, driven message by message: a client's write becomes
 * a proposal to both followers, and it commits (to the followers and its own state machine) only once a quorum has it
 * durable — its own log and one follower's ack, never its own ack alone, never an ack of an older epoch.
 */
class PeerLeaderStepsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("peer-leader-steps",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));
    private static final long EPOCH = 2;
    private static final long SESSION = 0x77;

    @TempDir
    Path dir;
    private PeerHarness h;
    private PeerHarness.Server one;
    private PeerHarness.Server two;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void leadServersOneAndTwo() throws IOException {
        h = new PeerHarness(testKit, dir, 3, new Epochs.Promises(1, 1));
        one = h.server(1);
        two = h.server(2);
        Vote three = new Vote(3, 0, 1);
        PeerMessage.ElectionVote own = PeerHarness.looking(3, three, 1);
        assertEquals(own, one.nextVote());
        assertEquals(own, two.nextVote());
        h.peer.tell(new PeerMessage.ElectionVote(1, new Notification(three, 1, ServerState.FOLLOWING)));
        h.peer.tell(new PeerMessage.ElectionVote(2, new Notification(three, 1, ServerState.FOLLOWING)));

        // Discovery: both followers' infos arrive; the epoch, one past the greatest accepted, is made durable first.
        fromFollower(1, 0, 1, new ZabMessage.FollowerInfo(1, 1, 0, 11));
        fromFollower(2, 0, 1, new ZabMessage.FollowerInfo(2, 1, 0, 22));
        assertEquals(EPOCH, h.saveEpochs(Epochs.RaiseAccepted.class, new Epochs.Promises(EPOCH, 1)).epoch());
        assertEquals(new Packet(EPOCH, 1, new ZabMessage.LeaderInfo(EPOCH, 11)), one.nextPacket());
        assertEquals(new Packet(EPOCH, 1, new ZabMessage.LeaderInfo(EPOCH, 22)), two.nextPacket());

        // Synchronisation: both ack the epoch; the leader makes it current, then sends each its history and NEWLEADER.
        fromFollower(1, EPOCH, 2, new ZabMessage.AckEpoch(1, 0));
        fromFollower(2, EPOCH, 2, new ZabMessage.AckEpoch(1, 0));
        assertEquals(EPOCH, h.saveEpochs(Epochs.RaiseCurrent.class, new Epochs.Promises(EPOCH, EPOCH)).epoch());
        long seqOne = expectHistory(one);
        long seqTwo = expectHistory(two);

        fromFollower(1, EPOCH, 3, new ZabMessage.AckNewLeader(zxid(EPOCH, 0)));
        assertEquals(new Packet(EPOCH, seqOne + 1, new ZabMessage.UpToDate()), one.nextPacket());
        fromFollower(2, EPOCH, 3, new ZabMessage.AckNewLeader(zxid(EPOCH, 0)));
        assertEquals(new Packet(EPOCH, seqTwo + 1, new ZabMessage.UpToDate()), two.nextPacket());
        // Established: the new leader asks which sessions live, to give each a full timeout.
        h.stateMachine.expectMessageClass(StateMachine.GetSessions.class, WAIT);
    }

    /** An empty history (DIFF with nothing in it), then NEWLEADER; returns the sequence number of NEWLEADER. */
    private static long expectHistory(PeerHarness.Server follower) {
        Packet p = follower.nextPacket();
        assertEquals(new Packet(EPOCH, 2, new ZabMessage.Diff(List.of())), p);
        Packet newLeader = follower.nextPacket();
        assertEquals(new Packet(EPOCH, 3, new ZabMessage.NewLeader(zxid(EPOCH, 0))), newLeader);
        return newLeader.seq();
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
    }

    private void fromFollower(long sid, long epoch, long seq, ZabMessage m) {
        h.peer.tell(new PeerMessage.ZabPacket(sid, new Packet(epoch, seq, m)));
    }

    /** A client's delete, as its connection hands it to the Peer. */
    private void submitDelete(int cxid) {
        h.peer.tell(new Peer.FromClients(new Sequencer.Submit(SESSION, cxid, OpCode.DELETE, List.of(),
                new DeleteRequest("/a", -1))));
    }

    /** The proposal each follower must receive for the client's delete, numbered 5 after UPTODATE. */
    private Txn expectProposals(int cxid) {
        Storage.Append append = h.expectAppend(zxid(EPOCH, 1));
        Txn txn = new Txn(zxid(EPOCH, 1), 0, SESSION, cxid, OpCode.DELETE, List.of(), new DeleteRequest("/a", -1));
        assertEquals(new Packet(EPOCH, 5, new ZabMessage.Proposal(txn.zxid(), txn)), one.nextPacket());
        assertEquals(new Packet(EPOCH, 5, new ZabMessage.Proposal(txn.zxid(), txn)), two.nextPacket());
        // Its own log counts as its own ack.
        append.replyTo().tell(new Storage.Logged(txn.zxid()));
        return txn;
    }

    @Test
    void commitsAWriteOnlyWithAQuorumOfAcks() {
        submitDelete(9);
        Txn txn = expectProposals(9);
        one.expectSilence();
        two.expectSilence();
        h.stateMachine.expectNoMessage(PeerHarness.QUIET);

        fromFollower(1, EPOCH, 4, new ZabMessage.Ack(txn.zxid()));
        assertEquals(new Packet(EPOCH, 6, new ZabMessage.Commit(txn.zxid())), one.nextPacket());
        assertEquals(new Packet(EPOCH, 6, new ZabMessage.Commit(txn.zxid())), two.nextPacket());
        h.expectCommit(List.of(txn));
    }

    @Test
    void ignoresAnAckOfAnOlderEpoch() {
        submitDelete(9);
        Txn txn = expectProposals(9);

        fromFollower(1, EPOCH - 1, 4, new ZabMessage.Ack(txn.zxid()));
        one.expectSilence();
        two.expectSilence();
        h.stateMachine.expectNoMessage(PeerHarness.QUIET);

        // Follower 1's session is intact and still expects packet 4: the same ack in the current epoch commits.
        fromFollower(1, EPOCH, 4, new ZabMessage.Ack(txn.zxid()));
        assertInstanceOf(ZabMessage.Commit.class, one.nextPacket().body());
        h.expectCommit(List.of(txn));
    }

    @Test
    void aRecipeWriteFencedByTheEpochItLeadsIsProposedAsAClientWrite() {
        TestProbe<ConnectionEvent> recipe = testKit.createTestProbe();
        h.peer.tell(new Peer.FromClients(new Sequencer.FencedSubmit(new Sequencer.Submit(SESSION, 9, OpCode.DELETE,
                List.of(), new DeleteRequest("/a", -1)), EPOCH, recipe.getRef())));
        Txn txn = expectProposals(9);
        fromFollower(1, EPOCH, 4, new ZabMessage.Ack(txn.zxid()));
        h.expectCommit(List.of(txn));
        recipe.expectNoMessage(PeerHarness.QUIET);
    }

    @Test
    void aRecipeWriteOfAnEarlierEpochIsRefusedAndNeverProposed() {
        TestProbe<ConnectionEvent> recipe = testKit.createTestProbe();
        h.peer.tell(new Peer.FromClients(new Sequencer.FencedSubmit(new Sequencer.Submit(SESSION, 9, OpCode.DELETE,
                List.of(), new DeleteRequest("/a", -1)), EPOCH - 1, recipe.getRef())));
        assertEquals(new ConnectionEvent.WriteFenced(9, EPOCH), recipe.expectMessageClass(ConnectionEvent.WriteFenced.class,
                WAIT));
        h.storage.expectNoMessage(PeerHarness.QUIET);
        one.expectSilence();
        two.expectSilence();
        // A client's write after it is ordered as usual: the refusal took nothing from the epoch.
        submitDelete(10);
        expectProposals(10);
    }
}
