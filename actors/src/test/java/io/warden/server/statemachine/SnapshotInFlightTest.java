package io.warden.server.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Ids;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.state.StateImage;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import io.warden.server.storage.SnapshotWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine goes on applying and answering while its snapshot is being written: here the writer is held
 * inside the serialization until the test lets it go. The snapshot is the state at its zxid, later writes
 * notwithstanding; one that falls due while it is in flight is taken once it is written.
 */
class SnapshotInFlightTest {
    static final ActorTestKit testKit = ActorTestKit.create("snapshot-in-flight-test",
            ConfigFactory.parseResources("warden-storage.conf")
                    .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING")));
    static final long S = 0x42L;
    static final int SNAP_INTERVAL = 10;

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void writesGoOnWhileTheSnapshotIsWritten() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snap"));
        ActorRef<SnapshotWriter.Command> writer = testKit.spawn(SnapshotWriter.create(store, Optional.empty()),
                DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
        TestProbe<SnapshotWriter.Result> written = testKit.createTestProbe();
        TestProbe<Long> serializing = testKit.createTestProbe();
        CountDownLatch gate = new CountDownLatch(1);
        ConcurrentLinkedQueue<Long> handedOver = new ConcurrentLinkedQueue<>();
        StateMachine.SnapshotSink sink = (image, finished) -> {
            handedOver.add(image.lastZxid());
            writer.tell(new SnapshotWriter.Write(image.lastZxid(), () -> {
                serializing.getRef().tell(image.lastZxid());
                awaitGate(gate);
                return image.serialize();
            }, written.getRef(), finished));
        };
        ActorRef<StateMachine.Command> sm = testKit.spawn(StateMachine.create(
                new ZkDatabase(new StateOptions(true)), SNAP_INTERVAL, sink));
        TestProbe<ConnectionEvent> client = testKit.createTestProbe();
        ZkDatabase reference = new ZkDatabase(new StateOptions(true));
        List<Txn> history = new ArrayList<>();

        sm.tell(new StateMachine.RegisterSession(S, client.getRef()));
        commit(sm, history, List.of(new Txn(1, 1, S, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(5000))));
        client.expectMessageClass(ConnectionEvent.SessionEstablished.class);
        commit(sm, history, writes(2, 10));
        expectReplies(client, 2, 10);
        assertEquals(10, serializing.receiveMessage(), "the snapshot at the 10th txn is being serialized");

        // Held in the writer: 25 more txns are applied and answered; the snapshots due at 20 and 30 wait for it.
        commit(sm, history, writes(11, 35));
        expectReplies(client, 11, 35);
        assertEquals(List.of(10L), List.copyOf(handedOver));

        gate.countDown();
        assertEquals(10, written.expectMessageClass(SnapshotWriter.Written.class).zxid());
        assertArrayEquals(stateAt(reference, history, 10), store.loadNewestValid().orElseThrow().content(),
                "the snapshot is the state at zxid 10, not later");

        // Once it is written, the one that fell due meanwhile is taken, of the state then (35), once.
        assertEquals(35, serializing.receiveMessage());
        assertEquals(35, written.expectMessageClass(SnapshotWriter.Written.class).zxid());
        assertArrayEquals(stateAt(reference, history, 35), store.loadNewestValid().orElseThrow().content());

        // The count starts again from there: the next one is at 45.
        commit(sm, history, writes(36, 45));
        expectReplies(client, 36, 45);
        assertEquals(45, serializing.receiveMessage());
        assertEquals(45, written.expectMessageClass(SnapshotWriter.Written.class).zxid());
        assertArrayEquals(stateAt(reference, history, 45), store.loadNewestValid().orElseThrow().content());
        assertEquals(List.of(10L, 35L, 45L), List.copyOf(handedOver));
    }

    private static void awaitGate(CountDownLatch gate) {
        try {
            assertTrue(gate.await(30, TimeUnit.SECONDS), "the test never released the writer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates /n and sets its data over and over, so later txns change nodes the snapshot holds. */
    private static List<Txn> writes(long from, long to) {
        List<Txn> txns = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            Object body = z == 2 ? new CreateRequest("/n", new byte[] {2}, Ids.OPEN_ACL_UNSAFE, 0)
                    : z % 3 == 0 ? new CreateRequest("/n/c" + z, new byte[] {(byte) z}, Ids.OPEN_ACL_UNSAFE, 0)
                    : new SetDataRequest("/n", new byte[] {(byte) z}, -1);
            int type = body instanceof CreateRequest ? OpCode.CREATE : OpCode.SET_DATA;
            txns.add(new Txn(z, 1000 + z, S, (int) z, type, List.of(), body));
        }
        return txns;
    }

    private static void commit(ActorRef<StateMachine.Command> sm, List<Txn> history, List<Txn> txns) {
        history.addAll(txns);
        sm.tell(new StateMachine.Commit(txns));
    }

    private static void expectReplies(TestProbe<ConnectionEvent> client, long from, long to) {
        for (long z = from; z <= to; z++) {
            ConnectionEvent.Reply r = client.expectMessageClass(ConnectionEvent.Reply.class);
            assertEquals(z, r.zxid());
            assertEquals(0, r.err(), "txn " + z);
        }
    }

    /** The bytes of a database that applied the history up to {@code zxid} and stopped there. */
    private static byte[] stateAt(ZkDatabase reference, List<Txn> history, long zxid) {
        for (Txn t : history) {
            if (t.zxid() > reference.lastZxid() && t.zxid() <= zxid) {
                reference.apply(t);
            }
        }
        JuteOutput out = new JuteOutput();
        reference.writeSnapshot(out);
        return out.toByteArray();
    }
}
