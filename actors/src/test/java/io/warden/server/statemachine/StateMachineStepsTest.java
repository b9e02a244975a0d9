package io.warden.server.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Ids;
import io.warden.api.proto.Code;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.WatcherEvent;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.frontend.ConnectionEvent.HandshakeOutcome;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine actor's steps, message by message: committed writes are answered on the connection that holds
 * their session and nowhere else, a watch fires on the watcher's connection, refusals keep the session's order, and
 * the handshake verdicts (including a server that sends its clients away while it has no quorum).
 */
class StateMachineStepsTest {
    static final ActorTestKit testKit = ActorTestKit.create("state-machine-steps-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING"));
    static final long A = 0xA1L;
    static final long B = 0xB2L;
    static final Duration QUIET = Duration.ofMillis(200);

    private ActorRef<StateMachine.Command> sm;
    private TestProbe<ConnectionEvent> a;
    private TestProbe<ConnectionEvent> b;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void twoSessions() {
        sm = testKit.spawn(StateMachine.create(new ZkDatabase(new StateOptions(true)), Integer.MAX_VALUE,
                (image, finished) -> finished.run()));
        a = testKit.createTestProbe();
        b = testKit.createTestProbe();
        sm.tell(new StateMachine.RegisterSession(A, a.getRef()));
        sm.tell(new StateMachine.RegisterSession(B, b.getRef()));
        sm.tell(new StateMachine.Commit(List.of(
                new Txn(1, 1000, A, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(5000)),
                new Txn(2, 1000, B, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(6000)))));
        assertEquals(new ConnectionEvent.SessionEstablished(A, 5000), a.expectMessageClass(ConnectionEvent.SessionEstablished.class));
        assertEquals(new ConnectionEvent.SessionEstablished(B, 6000), b.expectMessageClass(ConnectionEvent.SessionEstablished.class));
    }

    @Test
    void aCommitIsAnsweredOnItsSessionsConnectionAndFiresTheWatchOfAnother() {
        sm.tell(new StateMachine.Commit(List.of(new Txn(3, 1001, A, 7, OpCode.CREATE, List.of(),
                new CreateRequest("/x", new byte[] {1}, Ids.OPEN_ACL_UNSAFE, 0)))));
        ConnectionEvent.Reply created = a.expectMessageClass(ConnectionEvent.Reply.class);
        assertEquals(7, created.xid());
        assertEquals(3, created.zxid());
        assertEquals(0, created.err());
        assertEquals(new CreateResponse("/x"), created.body());
        b.expectNoMessage(QUIET);

        // B reads with a watch; A's next write fires it on B's connection, after A's answer is decided.
        sm.tell(new StateMachine.Read(B, List.of(), 4, OpCode.GET_DATA, new GetDataRequest("/x", true), b.getRef()));
        ConnectionEvent.Reply read = b.expectMessageClass(ConnectionEvent.Reply.class);
        assertEquals(3, read.zxid());
        assertArrayEquals(new byte[] {1}, ((GetDataResponse) read.body()).data());

        sm.tell(new StateMachine.Commit(List.of(new Txn(4, 1002, A, 8, OpCode.SET_DATA, List.of(),
                new SetDataRequest("/x", new byte[] {2}, 0)))));
        assertEquals(8, a.expectMessageClass(ConnectionEvent.Reply.class).xid());
        ConnectionEvent.Notify fired = b.expectMessageClass(ConnectionEvent.Notify.class);
        assertEquals(new WatcherEvent(3 /* NodeDataChanged */, 3 /* SyncConnected */, "/x"), fired.event());
        assertEquals(4, fired.zxid());
        a.expectNoMessage(QUIET);
        b.expectNoMessage(Duration.ZERO);
    }

    @Test
    void aWriteThatFailsAsItIsAppliedAndOneRefusedBeforeOrderingAreAnsweredWithTheirErrors() {
        sm.tell(new StateMachine.Commit(List.of(new Txn(3, 1001, A, 9, OpCode.SET_DATA, List.of(),
                new SetDataRequest("/missing", new byte[0], -1)))));
        ConnectionEvent.Reply noNode = a.expectMessageClass(ConnectionEvent.Reply.class);
        assertEquals(9, noNode.xid());
        assertEquals(Code.NONODE.intValue(), noNode.err());

        sm.tell(new StateMachine.Rejected(A, 10, Code.CONNECTIONLOSS.intValue()));
        ConnectionEvent.Reply refused = a.expectMessageClass(ConnectionEvent.Reply.class);
        assertEquals(10, refused.xid());
        assertEquals(Code.CONNECTIONLOSS.intValue(), refused.err());
        b.expectNoMessage(QUIET);
    }

    @Test
    void handshakeVerdicts() {
        TestProbe<ConnectionEvent> c = testKit.createTestProbe();
        sm.tell(new StateMachine.Handshake(0, 99, c.getRef()));
        assertEquals(HandshakeOutcome.CLIENT_AHEAD, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());
        sm.tell(new StateMachine.Handshake(0x77L, 0, c.getRef()));
        assertEquals(HandshakeOutcome.SESSION_EXPIRED, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());
        sm.tell(new StateMachine.Handshake(0, 2, c.getRef()));
        assertEquals(HandshakeOutcome.MAY_CREATE, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());

        // A's session moves to connection c: A's old connection is told, and A's answers now go to c.
        sm.tell(new StateMachine.Handshake(A, 2, c.getRef()));
        assertEquals(HandshakeOutcome.REATTACHED, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());
        assertEquals(new ConnectionEvent.SessionMoved(A), a.expectMessageClass(ConnectionEvent.SessionMoved.class));
        sm.tell(new StateMachine.Commit(List.of(new Txn(3, 1001, A, 11, OpCode.CREATE, List.of(),
                new CreateRequest("/y", new byte[0], Ids.OPEN_ACL_UNSAFE, 0)))));
        assertEquals(11, c.expectMessageClass(ConnectionEvent.Reply.class).xid());
        a.expectNoMessage(QUIET);
    }

    @Test
    void withoutAQuorumEveryConnectionIsSentAwayAndHandshakesAreRefusedUntilItServesAgain() {
        sm.tell(new StateMachine.ClientsRefused(true));
        assertEquals(new ConnectionEvent.SessionMoved(A), a.expectMessageClass(ConnectionEvent.SessionMoved.class));
        assertEquals(new ConnectionEvent.SessionMoved(B), b.expectMessageClass(ConnectionEvent.SessionMoved.class));
        TestProbe<ConnectionEvent> c = testKit.createTestProbe();
        sm.tell(new StateMachine.Handshake(A, 2, c.getRef()));
        assertEquals(HandshakeOutcome.NOT_SERVING, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());
        sm.tell(new StateMachine.Handshake(0, 0, c.getRef()));
        assertEquals(HandshakeOutcome.NOT_SERVING, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());

        sm.tell(new StateMachine.ClientsRefused(false));
        sm.tell(new StateMachine.Handshake(A, 2, c.getRef()));
        assertEquals(HandshakeOutcome.REATTACHED, c.expectMessageClass(ConnectionEvent.HandshakeChecked.class).outcome());
        a.expectNoMessage(QUIET);
    }
}
