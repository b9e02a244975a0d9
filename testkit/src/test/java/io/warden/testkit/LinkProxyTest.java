package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.replication.Peer;
import io.warden.server.replication.PeerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One direction of a link, between a sender and a probe standing in for the receiving Peer. */
class LinkProxyTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static PeerMessage.Touches message(long n) {
        return new PeerMessage.Touches(n, new long[0], new int[0]);
    }

    private static List<Long> receive(TestProbe<Peer.Command> probe, int count) {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(((PeerMessage) probe.receiveMessage(Duration.ofSeconds(10))).from());
        }
        return got;
    }

    @Test
    void aPerfectLinkForwardsEverythingInOrder() {
        TestProbe<Peer.Command> to = KIT.createTestProbe();
        ActorRef<Object> link = KIT.spawn(LinkProxy.create(to.getRef(), 1, LinkFaults.NONE));
        for (long i = 0; i < 100; i++) {
            link.tell(message(i));
        }
        assertEquals(java.util.stream.LongStream.range(0, 100).boxed().toList(), receive(to, 100));
    }

    @Test
    void aCutLinkLosesEverythingUntilHealed() {
        TestProbe<Peer.Command> to = KIT.createTestProbe();
        ActorRef<Object> link = KIT.spawn(LinkProxy.create(to.getRef(), 1, LinkFaults.NONE.withCut(true)));
        link.tell(message(1));
        link.tell(new LinkProxy.Configure(LinkFaults.NONE));
        link.tell(message(2));
        assertEquals(List.of(2L), receive(to, 1));
        to.expectNoMessage(QUIET);
    }

    @Test
    void delayedMessagesKeepTheirOrderWhenTheDelayShrinks() {
        TestProbe<Peer.Command> to = KIT.createTestProbe();
        ActorRef<Object> link = KIT.spawn(LinkProxy.create(to.getRef(), 1, LinkFaults.NONE.withDelay(Duration.ofMillis(400))));
        long start = System.nanoTime();
        link.tell(message(1));
        link.tell(message(2));
        link.tell(new LinkProxy.Configure(LinkFaults.NONE));
        link.tell(message(3));
        assertEquals(List.of(1L, 2L, 3L), receive(to, 3));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "held for the delay");
    }

    @Test
    void cuttingALinkLosesWhatItWasHolding() {
        TestProbe<Peer.Command> to = KIT.createTestProbe();
        ActorRef<Object> link = KIT.spawn(LinkProxy.create(to.getRef(), 1, LinkFaults.NONE.withDelay(Duration.ofMillis(200))));
        link.tell(message(1));
        link.tell(new LinkProxy.Configure(LinkFaults.NONE.withCut(true)));
        link.tell(new LinkProxy.Configure(LinkFaults.NONE));
        link.tell(message(2));
        assertEquals(List.of(2L), receive(to, 1));
        to.expectNoMessage(QUIET);
    }

    @Test
    void lossesFollowTheSeed() {
        List<Long> first = survivors(42);
        assertEquals(first, survivors(42), "the same seed loses the same messages");
        assertTrue(first.size() > 200 && first.size() < 400, "about half of 600 get through: " + first.size());
        assertTrue(!first.equals(survivors(43)), "another seed loses others");
    }

    private static List<Long> survivors(long seed) {
        TestProbe<Peer.Command> to = KIT.createTestProbe();
        ActorRef<Object> link = KIT.spawn(LinkProxy.create(to.getRef(), 7, LinkFaults.NONE.withDrop(0.5, seed)));
        for (long i = 0; i < 600; i++) {
            link.tell(message(i));
        }
        // A marker after the drops: once it arrives, everything that got through has.
        link.tell(new LinkProxy.Configure(LinkFaults.NONE));
        link.tell(message(-1));
        List<Long> got = new ArrayList<>();
        while (true) {
            long n = ((PeerMessage) to.receiveMessage(Duration.ofSeconds(10))).from();
            if (n == -1) {
                return got;
            }
            got.add(n);
        }
    }
}
