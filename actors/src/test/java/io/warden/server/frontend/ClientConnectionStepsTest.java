package io.warden.server.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Stat;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.Frames;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.Handshake;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.Reply;
import io.warden.api.proto.RequestCodec;
import io.warden.api.proto.RequestHeader;
import io.warden.api.proto.ResponseCodec;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetDataResponse;
import io.warden.server.config.ServerConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A client connection's steps, with the state machine, the sequencer and the socket as probes: the handshake asks the
 * state machine and then the sequencer, a write goes to the sequencer, a read behind it waits for the write's answer
 * (the session's FIFO promise), answers go out in order, and a server without a quorum sends the client away.
 */
class ClientConnectionStepsTest {
    static final ActorTestKit testKit = ActorTestKit.create("client-connection-steps-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING"));
    static final Duration QUIET = Duration.ofMillis(200);
    static final long SESSION = 0x1234L;

    private final TestProbe<ClientConnection.Outgoing> socket = testKit.createTestProbe();
    private final TestProbe<StateMachine.Command> stateMachine = testKit.createTestProbe();
    private final TestProbe<Sequencer.Command> sequencer = testKit.createTestProbe();
    private final TestProbe<ClientConnection.Ack> acks = testKit.createTestProbe();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private ActorRef<ClientConnection.Command> connection() {
        return testKit.spawn(ClientConnection.create(socket.getRef()::tell, "127.0.0.1", "127.0.0.1:40000",
                ServerConfig.standalone(Path.of("unused")), stateMachine.getRef(), sequencer.getRef(), new ServerMetrics()));
    }

    /** A frame as a client sends it (the codecs' encoders include the length prefix). */
    private void send(ActorRef<ClientConnection.Command> c, byte[] frame) {
        c.tell(new ClientConnection.Received(acks.getRef(), ByteString.fromArray(frame)));
    }

    private static byte[] request(int xid, int type, io.warden.api.jute.JuteRecord body) {
        return RequestCodec.encode(new RequestHeader(xid, type), body);
    }

    /** The sequencer's next message other than the Touch every request sends to keep its session alive. */
    private Sequencer.Command nextBesidesTouches() {
        for (int i = 0; i < 10; i++) {
            Sequencer.Command m = sequencer.receiveMessage();
            if (m instanceof Sequencer.Touch t) {
                assertEquals(SESSION, t.sessionId());
            } else {
                return m;
            }
        }
        throw new AssertionError("only touches reached the sequencer");
    }

    private byte[] nextFrameBody() {
        byte[] framed = ((ClientConnection.Bytes) socket.expectMessageClass(ClientConnection.Bytes.class)).bytes().toArray();
        return Arrays.copyOfRange(framed, Frames.HEADER_LENGTH, framed.length);
    }

    /** Handshakes a new session; returns the connection's address for the state machine's and sequencer's answers. */
    private ActorRef<ConnectionEvent> connect(ActorRef<ClientConnection.Command> c) {
        send(c, Handshake.encodeRequest(new ConnectRequest(0, 0, 10_000, 0, new byte[16]), false));
        StateMachine.Handshake asked = stateMachine.expectMessageClass(StateMachine.Handshake.class);
        assertEquals(0, asked.sessionId());
        sequencer.expectNoMessage(QUIET);
        asked.connection().tell(new ConnectionEvent.HandshakeChecked(ConnectionEvent.HandshakeOutcome.MAY_CREATE, 0));
        Sequencer.CreateSession create = sequencer.expectMessageClass(Sequencer.CreateSession.class);
        assertEquals(10_000, create.timeoutMs());
        create.connection().tell(new ConnectionEvent.SessionEstablished(SESSION, 10_000));
        Handshake.Response hello = Handshake.decodeResponse(nextFrameBody());
        assertEquals(SESSION, hello.connect().sessionId());
        assertEquals(10_000, hello.connect().timeOut());
        // The connection's identities (its ip) filter the watch events the session may see.
        StateMachine.AuthChanged auth = stateMachine.expectMessageClass(StateMachine.AuthChanged.class);
        assertEquals(SESSION, auth.sessionId());
        return asked.connection();
    }

    @Test
    void aReadBehindAWriteOfTheSameSessionWaitsForTheWritesAnswer() {
        ActorRef<ClientConnection.Command> c = connection();
        ActorRef<ConnectionEvent> events = connect(c);

        send(c, request(1, OpCode.SET_DATA, new SetDataRequest("/x", new byte[] {1}, -1)));
        send(c, request(2, OpCode.GET_DATA, new GetDataRequest("/x", false)));
        Sequencer.Submit write = (Sequencer.Submit) nextBesidesTouches();
        assertEquals(SESSION, write.sessionId());
        assertEquals(1, write.cxid());
        assertEquals(OpCode.SET_DATA, write.type());
        stateMachine.expectNoMessage(QUIET); // the read waits for the session's earlier write

        Stat stat = new Stat(5, 9, 0, 0, 1, 0, 0, 0, 1, 0, 5);
        events.tell(new ConnectionEvent.Reply(1, 9, 0, new SetDataResponse(stat)));
        Reply written = ResponseCodec.decodeFrame(nextFrameBody(), xid -> OpCode.SET_DATA);
        assertEquals(1, written.header().xid());
        assertEquals(9, written.header().zxid());
        assertEquals(new SetDataResponse(stat), written.body());

        StateMachine.Read read = stateMachine.expectMessageClass(StateMachine.Read.class);
        assertEquals(2, read.xid());
        assertEquals(OpCode.GET_DATA, read.type());
        read.replyTo().tell(new ConnectionEvent.Reply(2, 9, 0, new GetDataResponse(new byte[] {1}, stat)));
        Reply data = ResponseCodec.decodeFrame(nextFrameBody(), xid -> OpCode.GET_DATA);
        assertEquals(2, data.header().xid());
        assertArrayEquals(new byte[] {1}, ((GetDataResponse) data.body()).data());
        socket.expectNoMessage(QUIET);
    }

    @Test
    void aServerWithoutAQuorumSendsTheClientAwayAtItsHandshake() {
        ActorRef<ClientConnection.Command> c = connection();
        send(c, Handshake.encodeRequest(new ConnectRequest(0, 0, 10_000, 0, new byte[16]), false));
        StateMachine.Handshake asked = stateMachine.expectMessageClass(StateMachine.Handshake.class);
        asked.connection().tell(new ConnectionEvent.HandshakeChecked(ConnectionEvent.HandshakeOutcome.NOT_SERVING, 0));
        socket.expectMessageClass(ClientConnection.Close.class);
        sequencer.expectNoMessage(QUIET);
    }

    @Test
    void aSessionMovedElsewhereClosesTheSocket() {
        ActorRef<ClientConnection.Command> c = connection();
        ActorRef<ConnectionEvent> events = connect(c);
        events.tell(new ConnectionEvent.SessionMoved(SESSION));
        socket.expectMessageClass(ClientConnection.Close.class);
    }
}
