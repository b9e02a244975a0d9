package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * Server 1's Peer between probes (PeerHarness): servers 2 and 3, its storage, state machine and epochs actor. Time is manual, so
 * nothing happens but what the test sends. Server 1 follows leader 2, and the leader's LEADERINFO asks it to accept
 * epoch 1: it must not answer ACKEPOCH before the epochs actor says the epoch is durable.
 */
class PeerEpochsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("peer-epochs-test",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));

    @TempDir
    Path dir;
    private PeerHarness h;
    private PeerHarness.Server server2;
    private PeerHarness.Server server3;
    private TestProbe<Epochs.Command> epochs;
    private ActorRef<Peer.Command> peer;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void start() throws IOException {
        h = new PeerHarness(testKit, dir, 1, Epochs.Promises.NONE);
        server2 = h.server(2);
        server3 = h.server(3);
        epochs = h.epochs;
        peer = h.peer;
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
    }

    /** Server 1 follows leader 2, which offers epoch 1; returns the raise the Peer asked of its epochs actor. */
    private Epochs.RaiseAccepted offerEpochOne() {
        Vote two = new Vote(2, 0, 0);
        peer.tell(new PeerMessage.ElectionVote(2, new Notification(two, 1, ServerState.LEADING)));
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(two, 1, ServerState.FOLLOWING)));
        ZabMessage.FollowerInfo info = server2.next(ZabMessage.FollowerInfo.class);
        assertEquals(0, info.acceptedEpoch());
        peer.tell(new PeerMessage.ZabPacket(2, new Packet(1, 1, new ZabMessage.LeaderInfo(1, info.session()))));
        Epochs.RaiseAccepted raise = epochs.expectMessageClass(Epochs.RaiseAccepted.class, PeerHarness.WAIT);
        assertEquals(1, raise.epoch());
        // A round trip through the Peer: whatever it did with LEADERINFO has reached the probes by its answer.
        peer.tell(new PeerMessage.ElectionVote(3, new Notification(new Vote(3, 0, 0), 1, ServerState.LOOKING)));
        server3.nextVote();
        server2.probe.expectNoMessage(Duration.ofMillis(100));
        return raise;
    }

    @Test
    void acksTheEpochOnlyOnceItIsDurable() {
        Epochs.RaiseAccepted raise = offerEpochOne();
        raise.replyTo().tell(new Epochs.Saved(new Epochs.Promises(1, 0)));
        ZabMessage.AckEpoch ack = server2.next(ZabMessage.AckEpoch.class);
        assertEquals(0, ack.currentEpoch());
    }

    @Test
    void stopsWithoutAckingWhenTheEpochsActorDies() {
        offerEpochOne();
        TestProbe<Object> watcher = testKit.createTestProbe();
        epochs.stop();
        watcher.expectTerminated(peer, PeerHarness.WAIT);
        server2.probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void stopsWithoutAckingWhenTheRaiseIsRefused() {
        offerEpochOne().replyTo().tell(new Epochs.Refused("the accepted epoch is 5; 1 would lower it"));
        TestProbe<Object> watcher = testKit.createTestProbe();
        watcher.expectTerminated(peer, PeerHarness.WAIT);
        server2.probe.expectNoMessage(Duration.ofMillis(100));
    }
}
