package io.warden.server.replication;

import static io.warden.server.replication.PeerHarness.zxid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.txn.Txn;
import io.warden.server.storage.Storage;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server 3's Peer as an observer of leader 2 (voters 1 and 2), driven message by message: it learns the leader from the
 * voters' answers without voting itself, applies a committed txn the leader informs it of only once it is logged here,
 * and never acknowledges it.
 */
class PeerObserverStepsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("peer-observer-steps",
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
    void observeLeaderTwo() throws IOException {
        h = new PeerHarness(testKit, dir, 3, new Epochs.Promises(1, 1), Set.of(3L));
        leader = h.server(2);
        // An observer proposes nobody: its vote loses to any voter's.
        Vote nobody = new Vote(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
        PeerMessage.ElectionVote own = PeerHarness.looking(3, nobody, 1);
        assertEquals(own, h.server(1).nextVote());
        assertEquals(own, leader.nextVote());
        Vote two = new Vote(2, 0, 1);
        h.peer.tell(new PeerMessage.ElectionVote(2, new Notification(two, 1, ServerState.LEADING)));
        h.peer.tell(new PeerMessage.ElectionVote(1, new Notification(two, 1, ServerState.FOLLOWING)));

        Packet first = leader.nextPacket();
        ZabMessage.FollowerInfo info = (ZabMessage.FollowerInfo) first.body();
        assertEquals(new Packet(0, 1, new ZabMessage.FollowerInfo(3, 1, 0, info.session())), first);
        fromLeader(1, new ZabMessage.LeaderInfo(EPOCH, info.session()));
        h.saveEpochs(Epochs.RaiseAccepted.class, new Epochs.Promises(EPOCH, 1));
        assertEquals(new Packet(EPOCH, 2, new ZabMessage.AckEpoch(1, 0)), leader.nextPacket());
        fromLeader(2, new ZabMessage.NewLeader(zxid(EPOCH, 0)));
        h.saveEpochs(Epochs.RaiseCurrent.class, new Epochs.Promises(EPOCH, EPOCH));
        assertEquals(new Packet(EPOCH, 3, new ZabMessage.AckNewLeader(zxid(EPOCH, 0))), leader.nextPacket());
        fromLeader(3, new ZabMessage.UpToDate());
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
    }

    private void fromLeader(long seq, ZabMessage m) {
        h.peer.tell(new PeerMessage.ZabPacket(2, new Packet(EPOCH, seq, m)));
    }

    @Test
    void appliesAnInformedTxnOnceLoggedAndNeverAcksIt() {
        Txn txn = new Txn(zxid(EPOCH, 1), 0, 0x55, 1, OpCode.DELETE, List.of(), new DeleteRequest("/a", -1));
        fromLeader(4, new ZabMessage.Inform(txn));

        Storage.Append append = h.expectAppend(txn.zxid());
        h.stateMachine.expectNoMessage(PeerHarness.QUIET);
        append.replyTo().tell(new Storage.Logged(txn.zxid()));
        h.expectCommit(List.of(txn));
        leader.expectSilence();
        h.server(1).expectSilence();
    }
}
