package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.zab.Packet;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * Server 1's Peer looking for a leader, with time in the test's hands: a quorum agreeing on a vote makes it final only
 * after the finalize wait (200 ms, as ZooKeeper's), and a vote of an older election round is answered with the current
 * vote but neither counted nor adopted.
 */
class PeerElectionStepsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("peer-election-steps",
            ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                    .withFallback(ConfigFactory.load()));
    private static final ManualTime time = ManualTime.get(testKit.system());
    private static final Duration FINALIZE_WAIT = Duration.ofMillis(200);
    private static final Vote ONE = new Vote(1, 0, 0);
    private static final Vote THREE = new Vote(3, 0, 0);

    @TempDir
    Path dir;
    private PeerHarness h;
    private PeerHarness.Server two;
    private PeerHarness.Server three;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void startLooking() throws IOException {
        h = new PeerHarness(testKit, dir, 1, Epochs.Promises.NONE);
        two = h.server(2);
        three = h.server(3);
        // Round 1 begins with its own vote to every other voter.
        PeerMessage.ElectionVote own = PeerHarness.looking(1, ONE, 1);
        assertEquals(own, two.nextVote());
        assertEquals(own, three.nextVote());
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
    }

    @Test
    void aQuorumsVoteIsFinalOnlyAfterTheFinalizeWait() {
        h.peer.tell(PeerHarness.looking(3, THREE, 1));
        // Server 3's vote beats its own: it adopts it and says so; 1 and 3 are a quorum for it.
        PeerMessage.ElectionVote adopted = PeerHarness.looking(1, THREE, 1);
        assertEquals(adopted, two.nextVote());
        assertEquals(adopted, three.nextVote());

        time.timePasses(FINALIZE_WAIT.minusMillis(1));
        three.expectSilence();
        two.expectSilence();

        time.timePasses(Duration.ofMillis(1));
        // Decided to follow 3: its first step is to tell the leader what it has promised and logged.
        Packet first = three.nextPacket();
        ZabMessage.FollowerInfo info = (ZabMessage.FollowerInfo) first.body();
        assertEquals(new Packet(0, 1, new ZabMessage.FollowerInfo(1, 0, 0, info.session())), first);
    }

    @Test
    void aVoteOfAnOlderRoundIsAnsweredButNotCounted() {
        // A better vote, but of round 0: server 3 is told round 1's vote, and nothing else changes.
        h.peer.tell(PeerHarness.looking(3, THREE, 0));
        assertEquals(PeerHarness.looking(1, ONE, 1), three.nextVote());
        two.expectSilence();
        three.expectSilence();

        // Not counted: with only its own vote there is no quorum, so the finalize wait passes without a decision.
        time.timePasses(FINALIZE_WAIT.plusMillis(1));
        two.expectSilence();
        three.expectSilence();

        // Not adopted: the same vote in the current round still moves it, as in the first test.
        h.peer.tell(PeerHarness.looking(3, THREE, 1));
        assertEquals(PeerHarness.looking(1, THREE, 1), two.nextVote());
    }

    @Test
    void aRecipeWriteIsRefusedWhileNoLeaderIsEstablishedWhereAClientWriteIsHeld() {
        TestProbe<ConnectionEvent> recipe = testKit.createTestProbe();
        TestProbe<ConnectionEvent> client = testKit.createTestProbe();
        h.peer.tell(new Peer.FromClients(new Sequencer.FencedSubmit(new Sequencer.Submit(0x77, 4, OpCode.DELETE,
                List.of(), new DeleteRequest("/a", -1)), 1, recipe.getRef())));
        assertEquals(4, recipe.expectMessageClass(ConnectionEvent.WriteFenced.class, PeerHarness.WAIT).xid());
        h.peer.tell(new Peer.FromClients(new Sequencer.Submit(0x78, 5, OpCode.DELETE, List.of(),
                new DeleteRequest("/b", -1))));
        // Held for the next leader: nobody is told anything, nothing is logged.
        h.stateMachine.expectNoMessage(PeerHarness.QUIET);
        h.storage.expectNoMessage(PeerHarness.QUIET);
        client.expectNoMessage(PeerHarness.QUIET);
    }
}
