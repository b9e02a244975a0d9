package io.warden.server.replication;

import static io.warden.server.replication.PeerHarness.zxid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server 1's Peer as a follower of leader 2 in epoch 2 (it had promised epoch 1), driven message by message: it acks a
 * proposal only once its storage says the proposal is logged, applies it only on the leader's commit, and ignores a
 * packet of an older epoch without answering or moving its stream on.
 */
class PeerFollowerStepsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("peer-follower-steps",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));
    private static final long EPOCH = 2;

    @TempDir
    Path dir;
    private PeerHarness h;
    private PeerHarness.Server leader;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void followLeaderTwo() throws IOException {
        h = new PeerHarness(testKit, dir, 1, new Epochs.Promises(1, 1));
        leader = h.server(2);
        // Round 1 begins with its own vote to every other voter.
        PeerMessage.ElectionVote own = PeerHarness.looking(1, new Vote(1, 0, 1), 1);
        assertEquals(own, leader.nextVote());
        assertEquals(own, h.server(3).nextVote());
        Vote two = new Vote(2, 0, 1);
        h.peer.tell(new PeerMessage.ElectionVote(2, new Notification(two, 1, ServerState.LEADING)));
        h.peer.tell(new PeerMessage.ElectionVote(3, new Notification(two, 1, ServerState.FOLLOWING)));

        Packet first = leader.nextPacket();
        ZabMessage.FollowerInfo info = (ZabMessage.FollowerInfo) first.body();
        assertEquals(new Packet(0, 1, new ZabMessage.FollowerInfo(1, 1, 0, info.session())), first);
        fromLeader(EPOCH, 1, new ZabMessage.LeaderInfo(EPOCH, info.session()));
        assertEquals(EPOCH, h.saveEpochs(Epochs.RaiseAccepted.class, new Epochs.Promises(EPOCH, 1)).epoch());
        assertEquals(new Packet(EPOCH, 2, new ZabMessage.AckEpoch(1, 0)), leader.nextPacket());
        fromLeader(EPOCH, 2, new ZabMessage.NewLeader(zxid(EPOCH, 0)));
        assertEquals(EPOCH, h.saveEpochs(Epochs.RaiseCurrent.class, new Epochs.Promises(EPOCH, EPOCH)).epoch());
        assertEquals(new Packet(EPOCH, 3, new ZabMessage.AckNewLeader(zxid(EPOCH, 0))), leader.nextPacket());
        fromLeader(EPOCH, 3, new ZabMessage.UpToDate());
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
    }

    private void fromLeader(long epoch, long seq, ZabMessage m) {
        h.peer.tell(new PeerMessage.ZabPacket(2, new Packet(epoch, seq, m)));
    }

    private static Txn write(long zxid, int cxid) {
        return new Txn(zxid, 0, 0x55, cxid, OpCode.DELETE, List.of(), new DeleteRequest("/a" + cxid, -1));
    }

    @Test
    void acksAProposalOnlyOnceItIsLogged() {
        Txn txn = write(zxid(EPOCH, 1), 1);
        fromLeader(EPOCH, 4, new ZabMessage.Proposal(txn.zxid(), txn));

        Storage.Append append = h.expectAppend(txn.zxid());
        assertArrayEquals(TxnCodec.encode(txn), append.entry());
        leader.expectSilence();

        append.replyTo().tell(new Storage.Logged(txn.zxid()));
        assertEquals(new Packet(EPOCH, 4, new ZabMessage.Ack(txn.zxid())), leader.nextPacket());
        // Acked is not committed: the state machine sees the txn only on the leader's word.
        h.stateMachine.expectNoMessage(PeerHarness.QUIET);

        fromLeader(EPOCH, 5, new ZabMessage.Commit(txn.zxid()));
        h.expectCommit(List.of(txn));
        leader.expectSilence();
    }

    @Test
    void ignoresAPacketOfAnOlderEpoch() {
        Txn stale = write(zxid(EPOCH - 1, 7), 7);
        fromLeader(EPOCH - 1, 4, new ZabMessage.Proposal(stale.zxid(), stale));
        h.storage.expectNoMessage(PeerHarness.QUIET);
        leader.expectSilence();

        // Its stream did not move on: the packet numbered 4 of the current epoch is still the one it expects.
        Txn txn = write(zxid(EPOCH, 1), 1);
        fromLeader(EPOCH, 4, new ZabMessage.Proposal(txn.zxid(), txn));
        h.expectAppend(txn.zxid()).replyTo().tell(new Storage.Logged(txn.zxid()));
        assertEquals(new Packet(EPOCH, 4, new ZabMessage.Ack(txn.zxid())), leader.nextPacket());
    }
}
