package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.state.StateOptions;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import io.warden.api.txn.Txn;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One real {@link Peer} of a three-server ensemble between TestKit probes: the other two servers, its storage, state
 * machine and epochs actor. The tests' ActorTestKit runs on manual time, so no tick, vote resend or finalize wait
 * happens unless a test lets time pass.
 */
final class PeerHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough for a message the Peer was about to send to arrive; what the tests assert is its absence. */
    static final Duration QUIET = Duration.ofMillis(200);

    final ActorTestKit testKit;
    final long self;
    final Map<Long, Server> servers = new HashMap<>();
    final TestProbe<Storage.Command> storage;
    final TestProbe<StateMachine.Command> stateMachine;
    final TestProbe<Epochs.Command> epochs;
    final ActorRef<Peer.Command> peer;
    private final TxnLog log;

    PeerHarness(ActorTestKit testKit, Path dir, long self, Epochs.Promises promises) throws IOException {
        this(testKit, dir, self, promises, Set.of());
    }

    /** As above, with the servers in {@code observers} observing instead of voting. */
    PeerHarness(ActorTestKit testKit, Path dir, long self, Epochs.Promises promises, Set<Long> observers)
            throws IOException {
        this.testKit = testKit;
        this.self = self;
        log = TxnLog.open(dir.resolve("log"), LogOptions.defaults());
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        storage = testKit.createTestProbe();
        stateMachine = testKit.createTestProbe();
        epochs = testKit.createTestProbe();
        Map<Long, EnsembleConfig.Member> members = new HashMap<>();
        Map<Long, ActorRef<Peer.Command>> others = new HashMap<>();
        for (long id = 1; id <= 3; id++) {
            EnsembleConfig.Role role = observers.contains(id) ? EnsembleConfig.Role.OBSERVER
                    : EnsembleConfig.Role.PARTICIPANT;
            members.put(id, new EnsembleConfig.Member(id, "127.0.0.1", 1, 1, role, null, 0));
            if (id != self) {
                Server s = new Server(id, testKit.createTestProbe());
                servers.put(id, s);
                others.put(id, s.probe.getRef());
            }
        }
        Peer.Wiring wiring = new Peer.Wiring(new EnsembleConfig(self, members, 10, 5), 200, 3_600_000,
                storage.getRef(), stateMachine.getRef(),
                new LogHistory(log, snapshots, new StateOptions(false)), snapshots,
                new Epochs.Recovered(epochs.getRef(), promises), 0, others::get, new ServerMetrics(), () -> 0L);
        peer = testKit.spawn(Peer.create(wiring));
    }

    Server server(long id) {
        return servers.get(id);
    }

    static long zxid(long epoch, long counter) {
        return epoch << 32 | counter;
    }

    /** Answers the epochs actor's next request (of the given kind) with the promises now durable. */
    <T extends Epochs.Command> T saveEpochs(Class<T> kind, Epochs.Promises saved) {
        T raise = epochs.expectMessageClass(kind, WAIT);
        ActorRef<Epochs.Outcome> replyTo = raise instanceof Epochs.RaiseAccepted a ? a.replyTo()
                : ((Epochs.RaiseCurrent) raise).replyTo();
        replyTo.tell(new Epochs.Saved(saved));
        return raise;
    }

    /** The next Append the Peer hands its storage, checked for its zxid. */
    Storage.Append expectAppend(long zxid) {
        Storage.Append append = storage.expectMessageClass(Storage.Append.class, WAIT);
        assertEquals(zxid, append.zxid(), "appended zxid");
        return append;
    }

    /** The next thing the state machine is told must be to apply exactly {@code txns}. */
    void expectCommit(List<Txn> txns) {
        assertEquals(new StateMachine.Commit(txns), stateMachine.expectMessageClass(StateMachine.Commit.class, WAIT));
    }

    /** Server {@code from}'s vote for {@code v} in election round {@code round}, sent while it is LOOKING. */
    static PeerMessage.ElectionVote looking(long from, Vote v, long round) {
        return new PeerMessage.ElectionVote(from, new Notification(v, round, ServerState.LOOKING));
    }

    @Override
    public void close() throws IOException {
        testKit.stop(peer);
        log.close();
    }

    /**
     * Another server as the Peer sees it. The Peer may send a step's packets one by one ({@link PeerMessage.ZabPacket})
     * or together ({@link PeerMessage.ZabPackets}); tests look at the packets, whatever the envelope.
     */
    static final class Server {
        final long id;
        final TestProbe<Peer.Command> probe;
        private final ArrayDeque<Packet> unread = new ArrayDeque<>();
        private final ArrayDeque<PeerMessage.ElectionVote> votes = new ArrayDeque<>();

        Server(long id, TestProbe<Peer.Command> probe) {
            this.id = id;
            this.probe = probe;
        }

        /** The next Zab packet the Peer sent this server; votes that come before it are kept for {@link #nextVote}. */
        Packet nextPacket() {
            while (unread.isEmpty()) {
                take(probe.receiveMessage(WAIT));
            }
            return unread.pollFirst();
        }

        /** The next packet, which must carry a message of {@code kind}; returns that message. */
        <T> T next(Class<T> kind) {
            return assertInstanceOf(kind, nextPacket().body());
        }

        PeerMessage.ElectionVote nextVote() {
            while (votes.isEmpty()) {
                take(probe.receiveMessage(WAIT));
            }
            return votes.pollFirst();
        }

        /** Nothing at all reaches this server for {@link #QUIET}, and nothing received earlier is left unread. */
        void expectSilence() {
            assertTrue(unread.isEmpty(), () -> "unread packets to server " + id + ": " + unread);
            assertTrue(votes.isEmpty(), () -> "unread votes to server " + id + ": " + votes);
            probe.expectNoMessage(QUIET);
        }

        private void take(Peer.Command m) {
            if (m instanceof PeerMessage.ZabPacket p) {
                unread.add(p.packet());
            } else if (m instanceof PeerMessage.ZabPackets b) {
                unread.addAll(b.packets());
            } else if (m instanceof PeerMessage.ElectionVote v) {
                votes.add(v);
            } else {
                fail("server " + id + " was sent " + m);
            }
        }
    }
}
