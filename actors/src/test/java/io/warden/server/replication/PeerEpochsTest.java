package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.metrics.ServerMetrics;
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
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server 1's Peer between probes: servers 2 and 3, its storage, state machine and epochs actor. Time is manual, so
 * nothing happens but what the test sends. Server 1 follows leader 2, and the leader's LEADERINFO asks it to accept
 * epoch 1: it must not answer ACKEPOCH before the epochs actor says the epoch is durable.
 */
class PeerEpochsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ActorTestKit testKit = ActorTestKit.create("peer-epochs-test",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));

    @TempDir
    Path dir;
    private TxnLog log;
    private TestProbe<Peer.Command> server2;
    private TestProbe<Peer.Command> server3;
    private TestProbe<Epochs.Command> epochs;
    private ActorRef<Peer.Command> peer;

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
        TestProbe<Storage.Command> storage = testKit.createTestProbe();
        TestProbe<StateMachine.Command> stateMachine = testKit.createTestProbe();
        Map<Long, EnsembleConfig.Member> members = Map.of(1L, member(1), 2L, member(2), 3L, member(3));
        Map<Long, ActorRef<Peer.Command>> others = Map.of(2L, server2.getRef(), 3L, server3.getRef());
        Peer.Wiring wiring = new Peer.Wiring(new EnsembleConfig(1, members, 10, 5), 200, 3_600_000,
                storage.getRef(), stateMachine.getRef(),
                new LogHistory(log, snapshots, new StateOptions(false)), snapshots,
                new Epochs.Recovered(epochs.getRef(), Epochs.Promises.NONE), 0, others::get, new ServerMetrics(),
                () -> 0L);
        peer = testKit.spawn(Peer.create(wiring));
    }

    @AfterEach
    void stop() throws IOException {
        testKit.stop(peer);
        log.close();
    }

    private static EnsembleConfig.Member member(long id) {
        return new EnsembleConfig.Member(id, "127.0.0.1", 1, 1, EnsembleConfig.Role.PARTICIPANT, null, 0);
    }

    private static ZabMessage nextZab(TestProbe<Peer.Command> server) {
        var seen = server.fishForMessage(WAIT, m -> m instanceof PeerMessage.ZabPacket
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return ((PeerMessage.ZabPacket) seen.get(seen.size() - 1)).packet().body();
    }

    /** Server 1 follows leader 2, which offers epoch 1; returns the raise the Peer asked of its epochs actor. */
    private Epochs.RaiseAccepted offerEpochOne() {
        Vote two = new Vote(2, 0, 0);
        peer.tell(new PeerMessage.ElectionVote(2, new Notification(two, 1, ServerState.LEADING)));
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(two, 1, ServerState.FOLLOWING)));
        ZabMessage.FollowerInfo info = assertInstanceOf(ZabMessage.FollowerInfo.class, nextZab(server2));
        assertEquals(0, info.acceptedEpoch());
        peer.tell(new PeerMessage.ZabPacket(2, new Packet(1, 1, new ZabMessage.LeaderInfo(1, info.session()))));
        Epochs.RaiseAccepted raise = epochs.expectMessageClass(Epochs.RaiseAccepted.class, WAIT);
        assertEquals(1, raise.epoch());
        // A round trip through the Peer: whatever it did with LEADERINFO has reached the probes by its answer.
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(new Vote(3, 0, 0), 1, ServerState.LOOKING)));
        server3.fishForMessage(WAIT, m -> m instanceof PeerMessage.ElectionVote
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        server2.expectNoMessage(Duration.ofMillis(100));
        return raise;
    }

    @Test
    void acksTheEpochOnlyOnceItIsDurable() {
        Epochs.RaiseAccepted raise = offerEpochOne();
        raise.replyTo().tell(new Epochs.Saved(new Epochs.Promises(1, 0)));
        ZabMessage.AckEpoch ack = assertInstanceOf(ZabMessage.AckEpoch.class, nextZab(server2));
        assertEquals(0, ack.currentEpoch());
    }

    @Test
    void stopsWithoutAckingWhenTheEpochsActorDies() {
        offerEpochOne();
        TestProbe<Object> watcher = testKit.createTestProbe();
        epochs.stop();
        watcher.expectTerminated(peer, WAIT);
        server2.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void stopsWithoutAckingWhenTheRaiseIsRefused() {
        offerEpochOne().replyTo().tell(new Epochs.Refused("the accepted epoch is 5; 1 would lower it"));
        TestProbe<Object> watcher = testKit.createTestProbe();
        watcher.expectTerminated(peer, WAIT);
        server2.expectNoMessage(Duration.ofMillis(100));
    }
}
