package io.warden.server.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Ids;
import io.warden.api.data.Zxid;
import io.warden.api.proto.Code;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SyncRequest;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standalone leader's steps: durable before visible, and every session's answers in the order it asked. */
class SequencerTest {
    private static final ActorTestKit testKit = ActorTestKit.create("sequencer-test");
    private static final long SESSION = 0x42;

    private TestProbe<Storage.Command> storage;
    private TestProbe<StateMachine.Command> stateMachine;
    private ActorRef<Sequencer.Command> sequencer;
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        storage = testKit.createTestProbe();
        stateMachine = testKit.createTestProbe();
        // Long tick and container check: these tests drive everything by messages.
        sequencer = testKit.spawn(Sequencer.create(storage.getRef(), stateMachine.getRef(), Zxid.of(3, 17), 1, 600_000,
                600_000, clock::get));
        StateMachine.GetSessions ask = stateMachine.expectMessageClass(StateMachine.GetSessions.class);
        ask.replyTo().tell(new StateMachine.LiveSessions(Map.of(SESSION, 30_000)));
    }

    private Storage.Append expectAppend() {
        return storage.expectMessageClass(Storage.Append.class);
    }

    private void create(int cxid, String path) {
        sequencer.tell(new Sequencer.Submit(SESSION, cxid, OpCode.CREATE, List.of(),
                new CreateRequest(path, new byte[0], Ids.OPEN_ACL_UNSAFE, 0)));
    }

    @Test
    void aWriteIsCommittedOnlyAfterTheLogSaysItIsDurable() {
        create(1, "/a");
        Storage.Append append = expectAppend();
        Txn txn = TxnCodec.decode(append.entry());
        assertEquals(Zxid.of(4, 1), txn.zxid(), "a restart starts a new epoch");
        assertEquals(append.zxid(), txn.zxid());
        assertEquals(SESSION, txn.sessionId());
        assertEquals(1, txn.cxid());
        assertEquals(clock.get(), txn.time());
        stateMachine.expectNoMessage(Duration.ofMillis(100));

        append.replyTo().tell(new Storage.Logged(txn.zxid()));
        StateMachine.Commit commit = stateMachine.expectMessageClass(StateMachine.Commit.class);
        assertEquals(List.of(txn.zxid()), commit.txns().stream().map(Txn::zxid).toList());
    }

    @Test
    void oneLoggedAnswerCommitsTheWholeBatchInZxidOrder() {
        create(1, "/a");
        create(2, "/b");
        create(3, "/c");
        Storage.Append first = expectAppend();
        expectAppend();
        Storage.Append last = expectAppend();
        last.replyTo().tell(new Storage.Logged(last.zxid()));
        StateMachine.Commit commit = stateMachine.expectMessageClass(StateMachine.Commit.class);
        assertEquals(List.of(first.zxid(), first.zxid() + 1, first.zxid() + 2), commit.txns().stream().map(Txn::zxid).toList());
    }

    @Test
    void syncWaitsForTheWritesOrderedBeforeIt() {
        create(1, "/a");
        Storage.Append append = expectAppend();
        sequencer.tell(new Sequencer.Submit(SESSION, 2, OpCode.SYNC, List.of(), new SyncRequest("/")));
        storage.expectNoMessage(Duration.ofMillis(100));
        stateMachine.expectNoMessage(Duration.ofMillis(50));

        append.replyTo().tell(new Storage.Logged(append.zxid()));
        stateMachine.expectMessageClass(StateMachine.Commit.class);
        StateMachine.SyncDone done = stateMachine.expectMessageClass(StateMachine.SyncDone.class);
        assertEquals(2, done.cxid());
        assertEquals("/", done.path());
    }

    @Test
    void syncWithNothingPendingIsAnsweredAtOnceWithoutLogging() {
        sequencer.tell(new Sequencer.Submit(SESSION, 7, OpCode.SYNC, List.of(), new SyncRequest("/x")));
        assertEquals(7, stateMachine.expectMessageClass(StateMachine.SyncDone.class).cxid());
        storage.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aFailedLogRefusesPendingAndLaterWritesInTheirOrder() {
        create(1, "/a");
        Storage.Append a = expectAppend();
        sequencer.tell(new Sequencer.Submit(SESSION, 2, OpCode.SYNC, List.of(), new SyncRequest("/")));
        create(3, "/b");
        expectAppend();
        a.replyTo().tell(new Storage.StorageFailed(a.zxid(), "disk full"));

        List<Integer> refused = List.of(
                stateMachine.expectMessageClass(StateMachine.Rejected.class).cxid(),
                stateMachine.expectMessageClass(StateMachine.Rejected.class).cxid(),
                stateMachine.expectMessageClass(StateMachine.Rejected.class).cxid());
        assertEquals(List.of(1, 2, 3), refused);

        create(4, "/c");
        StateMachine.Rejected later = stateMachine.expectMessageClass(StateMachine.Rejected.class);
        assertEquals(4, later.cxid());
        assertEquals(Code.SYSTEMERROR.intValue(), later.err());
        storage.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void writesWhoseSyncFailedAreNeitherAnsweredNorRefusedTheirConnectionsClose() {
        create(1, "/a");
        Storage.Append a = expectAppend();
        sequencer.tell(new Sequencer.Submit(SESSION + 1, 9, OpCode.CREATE, List.of(),
                new CreateRequest("/b", new byte[0], Ids.OPEN_ACL_UNSAFE, 0)));
        Storage.Append b = expectAppend();
        a.replyTo().tell(new Storage.OutcomeUnknown(b.zxid(), "sync failed"));

        assertEquals(SESSION, stateMachine.expectMessageClass(StateMachine.DropConnection.class).sessionId());
        assertEquals(SESSION + 1, stateMachine.expectMessageClass(StateMachine.DropConnection.class).sessionId());
        stateMachine.expectNoMessage(Duration.ofMillis(100));

        create(2, "/c");
        assertEquals(Code.SYSTEMERROR.intValue(), stateMachine.expectMessageClass(StateMachine.Rejected.class).err());
    }

    @Test
    void aNewSessionIsRegisteredBeforeItsCreateSessionTxnIsOrdered() {
        TestProbe<io.warden.server.frontend.ConnectionEvent> connection = testKit.createTestProbe();
        sequencer.tell(new Sequencer.CreateSession(5000, connection.getRef()));
        StateMachine.RegisterSession reg = stateMachine.expectMessageClass(StateMachine.RegisterSession.class);
        Txn txn = TxnCodec.decode(expectAppend().entry());
        assertEquals(OpCode.CREATE_SESSION, txn.type());
        assertEquals(reg.sessionId(), txn.sessionId());
        assertEquals(1, reg.sessionId() >>> 56, "the server id is in the session id's top byte");
    }

    @Test
    void aSilentSessionIsExpiredThroughACloseSessionTxn() {
        // A sequencer of its own with a short tick: expiry is checked on ticks, against the injected clock.
        TestProbe<Storage.Command> st = testKit.createTestProbe();
        TestProbe<StateMachine.Command> sm = testKit.createTestProbe();
        AtomicLong now = new AtomicLong(0);
        testKit.spawn(Sequencer.create(st.getRef(), sm.getRef(), 0, 1, 20, 600_000, now::get));
        sm.expectMessageClass(StateMachine.GetSessions.class).replyTo()
                .tell(new StateMachine.LiveSessions(Map.of(SESSION, 1000)));
        st.expectNoMessage(Duration.ofMillis(100));
        now.set(1000);
        Txn close = TxnCodec.decode(st.expectMessageClass(Storage.Append.class, Duration.ofSeconds(5)).entry());
        assertEquals(OpCode.CLOSE_SESSION, close.type());
        assertEquals(SESSION, close.sessionId());
        assertTrue(close.body() == null);
    }
}
