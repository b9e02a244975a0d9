package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SyncRequest;
import io.warden.api.txn.Txn;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.state.StateOptions;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server 1's Peer following leader 2 between probes, time manual. The packets it owes a peer wait in its outbox until
 * the messages already in its mailbox have been handled: acks released by several storage replies that queued up
 * while the Peer was busy go to the leader as one transport message. The Peer is held busy deterministically: the
 * directory lookup of its answer to a vote blocks until the test has queued the replies.
 */
class PeerCoalescingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long EPOCH = 1;
    private static final ActorTestKit testKit = ActorTestKit.create("peer-coalescing-test",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));

    @TempDir
    Path dir;
    private TxnLog log;
    private TestProbe<Peer.Command> server2;
    private TestProbe<Peer.Command> server3;
    private TestProbe<Epochs.Command> epochs;
    private TestProbe<Storage.Command> storage;
    private ActorRef<Peer.Command> peer;
    /** Armed, a lookup of server 3 says it is in, then waits for the test to open the gate. */
    private volatile CountDownLatch inside;
    private volatile CountDownLatch gate;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void start() throws IOException {
        log = TxnLog.open(dir.resolve("log"), LogOptions.defaults());
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        server2 = testKit.createTestProbe();
        server3 = testKit.createTestProbe();
        epochs = testKit.createTestProbe();
        storage = testKit.createTestProbe();
        TestProbe<StateMachine.Command> stateMachine = testKit.createTestProbe();
        Map<Long, EnsembleConfig.Member> members = Map.of(1L, member(1), 2L, member(2), 3L, member(3));
        Map<Long, ActorRef<Peer.Command>> others = Map.of(2L, server2.getRef(), 3L, server3.getRef());
        Peer.PeerDirectory directory = sid -> {
            CountDownLatch in = inside;
            if (sid == 3 && in != null) {
                inside = null;
                in.countDown();
                await(gate);
            }
            return others.get(sid);
        };
        Peer.Wiring wiring = new Peer.Wiring(new EnsembleConfig(1, members, 10, 5), 200, 3_600_000,
                storage.getRef(), stateMachine.getRef(),
                new LogHistory(log, snapshots, new StateOptions(false)), snapshots,
                new Epochs.Recovered(epochs.getRef(), Epochs.Promises.NONE), 0, directory, new ServerMetrics(),
                () -> 0L);
        peer = testKit.spawn(Peer.create(wiring));
    }

    @AfterEach
    void stop() throws IOException {
        CountDownLatch open = gate;
        if (open != null) {
            open.countDown();
        }
        testKit.stop(peer);
        log.close();
    }

    private static EnsembleConfig.Member member(long id) {
        return new EnsembleConfig.Member(id, "127.0.0.1", 1, 1, EnsembleConfig.Role.PARTICIPANT, null, 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the latch was not released in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the Peer next sends server 2 over Zab, one transport message (a single packet or a batch). */
    private static List<ZabMessage> nextZab(TestProbe<Peer.Command> server) {
        var seen = server.fishForMessage(WAIT, m -> m instanceof PeerMessage.ZabPacket || m instanceof PeerMessage.ZabPackets
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        Peer.Command last = seen.get(seen.size() - 1);
        if (last instanceof PeerMessage.ZabPacket p) {
            return List.of(p.packet().body());
        }
        return ((PeerMessage.ZabPackets) last).packets().stream().map(Packet::body).toList();
    }

    private void fromLeader(int seq, ZabMessage m) {
        peer.tell(new PeerMessage.ZabPacket(2, new Packet(EPOCH, seq, m)));
    }

    private static long zxid(long counter) {
        return (EPOCH << 32) | counter;
    }

    /** Server 1 follows leader 2 through discovery and an empty synchronisation; returns the next seq of the leader. */
    private int follow() {
        Vote two = new Vote(2, 0, 0);
        peer.tell(new PeerMessage.ElectionVote(2, new Notification(two, 1, ServerState.LEADING)));
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(two, 1, ServerState.FOLLOWING)));
        ZabMessage.FollowerInfo info = assertInstanceOf(ZabMessage.FollowerInfo.class, nextZab(server2).get(0));
        fromLeader(1, new ZabMessage.LeaderInfo(EPOCH, info.session()));
        epochs.expectMessageClass(Epochs.RaiseAccepted.class, WAIT).replyTo().tell(new Epochs.Saved(new Epochs.Promises(EPOCH, 0)));
        assertInstanceOf(ZabMessage.AckEpoch.class, nextZab(server2).get(0));
        fromLeader(2, new ZabMessage.NewLeader(zxid(0)));
        epochs.expectMessageClass(Epochs.RaiseCurrent.class, WAIT).replyTo()
                .tell(new Epochs.Saved(new Epochs.Promises(EPOCH, EPOCH)));
        assertEquals(List.of(new ZabMessage.AckNewLeader(zxid(0))), nextZab(server2));
        fromLeader(3, new ZabMessage.UpToDate());
        return 4;
    }

    /** Holds the Peer inside a lookup of server 3 (its answer to a looking vote) until the gate opens. */
    private void holdPeer() {
        gate = new CountDownLatch(1);
        CountDownLatch in = new CountDownLatch(1);
        inside = in;
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(new Vote(3, 0, 0), 1, ServerState.LOOKING)));
        await(in);
    }

    @Test
    void acksOfRepliesThatQueuedUpGoToTheLeaderAsOneMessage() {
        int seq = follow();
        List<ActorRef<Storage.Event>> replies = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fromLeader(seq++, new ZabMessage.Proposal(zxid(i), setData(zxid(i), i)));
            Storage.Append append = storage.expectMessageClass(Storage.Append.class, WAIT);
            assertEquals(zxid(i), append.zxid());
            replies.add(append.replyTo());
        }
        holdPeer();
        for (int i = 1; i <= 3; i++) {
            replies.get(i - 1).tell(new Storage.Logged(zxid(i)));
        }
        gate.countDown();
        assertEquals(List.of(new ZabMessage.Ack(zxid(1)), new ZabMessage.Ack(zxid(2)), new ZabMessage.Ack(zxid(3))),
                nextZab(server2));
    }

    @Test
    void forwardedWritesTravelWithTheAcksInTheOrderTheyWereMade() {
        int seq = follow();
        fromLeader(seq, new ZabMessage.Proposal(zxid(1), setData(zxid(1), 1)));
        ActorRef<Storage.Event> reply = storage.expectMessageClass(Storage.Append.class, WAIT).replyTo();
        holdPeer();
        peer.tell(new Peer.FromClients(new Sequencer.Submit(0x100, 7, OpCode.SET_DATA, List.of(),
                new SetDataRequest("/k", new byte[] {2}, -1))));
        reply.tell(new Storage.Logged(zxid(1)));
        peer.tell(new Peer.FromClients(new Sequencer.Submit(0x100, 8, OpCode.SET_DATA, List.of(),
                new SetDataRequest("/k", new byte[] {3}, -1))));
        gate.countDown();
        PeerMessage.Batch batch = server2.expectMessageClass(PeerMessage.Batch.class, WAIT);
        assertEquals(3, batch.parts().size());
        assertEquals(7, assertInstanceOf(PeerMessage.ForwardedWrite.class, batch.parts().get(0)).request().cxid());
        assertEquals(new ZabMessage.Ack(zxid(1)),
                assertInstanceOf(PeerMessage.ZabPacket.class, batch.parts().get(1)).packet().body());
        assertEquals(8, assertInstanceOf(PeerMessage.ForwardedWrite.class, batch.parts().get(2)).request().cxid());
    }

    @Test
    void aMessageSentOutsideTheOutboxFollowsWhatItHolds() {
        int seq = follow();
        fromLeader(seq, new ZabMessage.Proposal(zxid(1), setData(zxid(1), 1)));
        ActorRef<Storage.Event> reply = storage.expectMessageClass(Storage.Append.class, WAIT).replyTo();
        holdPeer();
        reply.tell(new Storage.Logged(zxid(1)));
        // A client's sync goes to the leader on its own: behind the ack owed when it is sent.
        peer.tell(new Peer.FromClients(new Sequencer.Submit(0x100, 9, OpCode.SYNC, List.of(), new SyncRequest("/k"))));
        gate.countDown();
        PeerMessage.ZabPacket ack = server2.expectMessageClass(PeerMessage.ZabPacket.class, WAIT);
        assertEquals(new ZabMessage.Ack(zxid(1)), ack.packet().body());
        assertEquals(9, server2.expectMessageClass(PeerMessage.SyncRequest.class, WAIT).cxid());
    }

    private static Txn setData(long zxid, int cxid) {
        return new Txn(zxid, 0, 0x100, cxid, OpCode.SET_DATA, List.of(), new SetDataRequest("/k", new byte[] {1}, -1));
    }
}
