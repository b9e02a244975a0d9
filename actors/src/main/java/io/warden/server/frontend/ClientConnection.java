package io.warden.server.frontend;

import io.warden.api.auth.DigestAuth;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.Id;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.AuthPacket;
import io.warden.api.proto.Code;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.Handshake;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.ReplyHeader;
import io.warden.api.proto.ResponseCodec;
import io.warden.api.proto.RequestCodec;
import io.warden.api.proto.RequestHeader;
import io.warden.api.proto.UnknownOpCodeException;
import io.warden.api.proto.WhoAmIResponse;
import io.warden.api.proto.Xid;
import io.warden.server.config.ServerConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.sequencer.SessionIds;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;

/**
 * One client socket, speaking ZooKeeper's wire protocol: the handshake, then requests in order. It keeps the session's
 * FIFO promise — a read waits for the session's earlier writes, nothing overtakes what came before — and stops reading
 * from the socket while too many requests are in flight.
 */
public final class ClientConnection extends AbstractBehavior<ClientConnection.Command> {

    public sealed interface Command {
    }

    /** The socket's stream is ready; {@code ackTo} gets an Ack when the next chunk may come. */
    public record StreamStarted(ActorRef<Ack> ackTo) implements Command {
    }

    public record Received(ActorRef<Ack> ackTo, ByteString bytes) implements Command {
    }

    public record StreamEnded() implements Command {
    }

    public record StreamFailed(Throwable cause) implements Command {
    }

    public enum Ack { INSTANCE }

    /** Bytes for the socket, or the end of it. */
    public sealed interface Outgoing {
    }

    /** Where a connection's bytes go, in order: the socket's outgoing stream (Frontend), a probe in tests. */
    @FunctionalInterface
    public interface Socket {
        void send(Outgoing o);
    }

    public record Bytes(ByteString bytes) implements Outgoing {
    }

    public record Close() implements Outgoing {
    }

    private record Event(ConnectionEvent event) implements Command {
    }

    private record Stats(StateMachine.TreeStats stats) implements Command {
    }

    private record HandshakeTimeout() implements Command {
    }

    private enum Phase { AWAIT_HANDSHAKE, HANDSHAKING, CONNECTED, CLOSING }

    private record Request(int xid, int type, Object body, RequestKind kind, long receivedNanos) {
    }

    public static Behavior<Command> create(Socket out, String remoteIp, String remote, ServerConfig config,
                                           ActorRef<StateMachine.Command> stateMachine, ActorRef<Sequencer.Command> sequencer,
                                           ServerMetrics metrics) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new ClientConnection(ctx, timers, out, remoteIp, remote, config, stateMachine, sequencer, metrics)));
    }

    private final Socket out;
    private final String remoteIp;
    private final ServerConfig config;
    private final ActorRef<StateMachine.Command> stateMachine;
    private final ActorRef<Sequencer.Command> sequencer;
    private final ServerMetrics metrics;
    private final ServerMetrics.ConnectionInfo info;
    private final ActorRef<ConnectionEvent> events;
    private final List<Id> auth = new ArrayList<>();
    private final ArrayDeque<Request> held = new ArrayDeque<>();
    private final ArrayDeque<Request> inFlight = new ArrayDeque<>();
    private int writesInFlight;
    private ByteString buffer = ByteString.emptyByteString();
    private ActorRef<Ack> pendingAck;
    private Phase phase = Phase.AWAIT_HANDSHAKE;
    private long sessionId;
    private int timeoutMs;
    private boolean answerReadOnlyFlag;
    private boolean closeAfterReply;
    private long lastZxidSeen;
    private boolean revalidated;

    private ClientConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, Socket out,
                             String remoteIp, String remote, ServerConfig config, ActorRef<StateMachine.Command> stateMachine,
                             ActorRef<Sequencer.Command> sequencer, ServerMetrics metrics) {
        super(ctx);
        this.out = out;
        this.remoteIp = remoteIp;
        this.config = config;
        this.stateMachine = stateMachine;
        this.sequencer = sequencer;
        this.metrics = metrics;
        this.events = ctx.messageAdapter(ConnectionEvent.class, Event::new);
        this.info = new ServerMetrics.ConnectionInfo(remote, System.currentTimeMillis());
        metrics.register(ctx.getSelf(), info);
        // Every connection is authenticated by its address, as ZooKeeper's ip scheme expects.
        auth.add(new Id("ip", remoteIp));
        timers.startSingleTimer(new HandshakeTimeout(), Duration.ofMillis(config.maxSessionTimeout()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StreamStarted.class, s -> {
                    s.ackTo().tell(Ack.INSTANCE);
                    return this;
                })
                .onMessage(Received.class, this::onReceived)
                .onMessage(StreamEnded.class, e -> stop())
                .onMessage(StreamFailed.class, f -> {
                    getContext().getLog().debug("Connection from {} failed: {}", info.remote, f.cause().toString());
                    return stop();
                })
                .onMessage(Event.class, e -> onEvent(e.event()))
                .onMessage(Stats.class, s -> {
                    answerFourLetterWord(s.stats());
                    return this;
                })
                .onMessage(HandshakeTimeout.class, t -> {
                    if (phase == Phase.AWAIT_HANDSHAKE || phase == Phase.HANDSHAKING) {
                        close("no handshake within " + config.maxSessionTimeout() + " ms");
                    }
                    return this;
                })
                .build();
    }

    // ---- bytes in ----

    private Behavior<Command> onReceived(Received r) {
        if (phase == Phase.CLOSING) {
            r.ackTo().tell(Ack.INSTANCE);
            return this;
        }
        buffer = buffer.concat(r.bytes());
        decodeFrames();
        if (phase != Phase.HANDSHAKING && backlog() < config.globalOutstandingLimit()) {
            r.ackTo().tell(Ack.INSTANCE);
        } else {
            // As ZooKeeper, nothing more is read until the session is set up (or the backlog shrinks).
            pendingAck = r.ackTo();
        }
        return this;
    }

    /** Takes every whole frame off the buffer; frames behind an unanswered handshake wait in it. */
    private void decodeFrames() {
        while (phase != Phase.CLOSING && phase != Phase.HANDSHAKING && buffer.size() >= 4) {
            int len = buffer.slice(0, 4).asByteBuffer().order(ByteOrder.BIG_ENDIAN).getInt();
            if (phase == Phase.AWAIT_HANDSHAKE && FourLetterWords.isCommand(len)) {
                fourLetterWord(FourLetterWords.name(len));
                return;
            }
            if (len < 0 || len > config.maxFrameBytes()) {
                close("Len error " + len + " (jute.maxbuffer is " + config.maxFrameBytes() + ")");
                return;
            }
            if (buffer.size() < 4 + len) {
                return;
            }
            byte[] frame = buffer.slice(4, 4 + len).toArray();
            buffer = buffer.drop(4 + len);
            metrics.packetsReceived.increment();
            info.received.increment();
            onFrame(frame);
        }
    }

    private void resumeReading() {
        if (pendingAck != null && phase != Phase.HANDSHAKING && backlog() < config.globalOutstandingLimit()) {
            pendingAck.tell(Ack.INSTANCE);
            pendingAck = null;
        }
    }

    private int backlog() {
        return held.size() + inFlight.size();
    }

    private void onFrame(byte[] frame) {
        try {
            if (phase == Phase.AWAIT_HANDSHAKE) {
                onConnectRequest(frame);
            } else {
                onRequestFrame(new JuteInput(frame));
            }
        } catch (JuteException e) {
            close("malformed packet: " + e.getMessage());
        }
    }

    private void onConnectRequest(byte[] frame) {
        Handshake.Request handshake = Handshake.decodeRequest(frame);
        ConnectRequest req = handshake.connect();
        // The answer carries the read-only byte only if the client sent one, as ZooKeeper does for old clients.
        answerReadOnlyFlag = handshake.hadReadOnlyFlag();
        timeoutMs = Math.max(config.minSessionTimeout(), Math.min(config.maxSessionTimeout(), req.timeOut()));
        phase = Phase.HANDSHAKING;
        if (req.sessionId() != 0 && !SessionIds.checkPassword(req.sessionId(), req.passwd())) {
            getContext().getLog().info("Refusing to resume session 0x{} from {}: wrong password",
                    Long.toHexString(req.sessionId()), info.remote);
            refuseSession();
            return;
        }
        sessionId = req.sessionId();
        lastZxidSeen = req.lastZxidSeen();
        stateMachine.tell(new StateMachine.Handshake(req.sessionId(), req.lastZxidSeen(), events));
    }

    /** ZooKeeper's answer to an unknown or expired session: timeout 0 tells the client its session has expired. */
    private void refuseSession() {
        sendConnectResponse(new ConnectResponse(0, 0, 0, new byte[16]));
        sessionId = 0;
        close(null);
    }

    private void onRequestFrame(JuteInput in) {
        RequestHeader h = RequestHeader.read(in);
        long now = System.nanoTime();
        sequencer.tell(new Sequencer.Touch(sessionId, 0));
        Object body;
        try {
            body = RequestCodec.decode(h.type(), in);
        } catch (UnknownOpCodeException e) {
            getContext().getLog().warn("Unknown request type {} from {}", h.type(), info.remote);
            admit(new Request(h.xid(), h.type(), null, RequestKind.LOCAL, now));
            return;
        }
        admit(new Request(h.xid(), h.type(), body, RequestKind.of(h.type()), now));
    }

    // ---- session order ----

    private void admit(Request r) {
        held.add(r);
        drain();
    }

    private void drain() {
        while (!held.isEmpty() && phase == Phase.CONNECTED) {
            Request r = held.peekFirst();
            boolean may = switch (r.kind()) {
                case READ -> writesInFlight == 0;
                case WRITE -> true;
                case LOCAL -> inFlight.isEmpty();
            };
            if (!may) {
                return;
            }
            held.pollFirst();
            dispatch(r);
        }
    }

    private void dispatch(Request r) {
        switch (r.kind()) {
            case WRITE -> {
                inFlight.add(r);
                writesInFlight++;
                if (r.type() == OpCode.CLOSE_SESSION) {
                    closeAfterReply = true;
                }
                sequencer.tell(new Sequencer.Submit(sessionId, r.xid(), r.type(), List.copyOf(auth), r.body()));
            }
            case READ -> {
                inFlight.add(r);
                stateMachine.tell(new StateMachine.Read(sessionId, List.copyOf(auth), r.xid(), r.type(), r.body(), events));
            }
            case LOCAL -> answerLocally(r);
        }
        info.queued = backlog();
    }

    private void answerLocally(Request r) {
        switch (r.type()) {
            case OpCode.AUTH -> onAuth(r, (AuthPacket) r.body());
            case OpCode.WHO_AM_I -> {
                List<ClientInfo> who = auth.stream().map(id -> new ClientInfo(id.scheme(), userName(id))).toList();
                reply(r, Code.OK, new WhoAmIResponse(who));
            }
            case OpCode.RECONFIG -> reply(r, Code.RECONFIGDISABLED, null);
            case OpCode.SASL -> reply(r, Code.AUTHFAILED, null);
            default -> {
                // As ZooKeeper's UnimplementedRequestProcessor: answer, then close; the session lives on.
                reply(r, Code.UNIMPLEMENTED, null);
                close("unknown request type " + r.type());
            }
        }
    }

    /** As ZooKeeper's providers name a user: a digest id "user:hash" is the user "user". */
    private static String userName(Id id) {
        if ("digest".equals(id.scheme())) {
            int colon = id.id().indexOf(':');
            return colon < 0 ? id.id() : id.id().substring(0, colon);
        }
        return id.id();
    }

    private void onAuth(Request r, AuthPacket p) {
        String scheme = p.scheme() == null ? "" : p.scheme();
        Id id = switch (scheme) {
            case "digest" -> {
                String text = p.auth() == null ? "" : new String(p.auth(), StandardCharsets.UTF_8);
                yield text.indexOf(':') > 0 ? new Id("digest", DigestAuth.generateDigest(text)) : null;
            }
            case "ip" -> new Id("ip", remoteIp);
            default -> null;
        };
        if (id == null) {
            getContext().getLog().warn("Authentication with scheme '{}' from {} failed", scheme, info.remote);
            // As ZooKeeper: tell the client, then close, so it sees AuthFailed rather than a half-authenticated session.
            send(new ReplyHeader(Xid.AUTH, lastZxid(), Code.AUTHFAILED.intValue()), null);
            close(null);
            return;
        }
        if (!auth.contains(id)) {
            auth.add(id);
            stateMachine.tell(new StateMachine.AuthChanged(sessionId, List.copyOf(auth)));
        }
        send(new ReplyHeader(Xid.AUTH, lastZxid(), 0), null);
    }

    private long lastZxid() {
        return info.lastZxid;
    }

    private void reply(Request r, Code code, JuteRecord body) {
        send(new ReplyHeader(r.xid(), lastZxid(), code.intValue()), code == Code.OK ? body : null);
        recordLatency(r);
    }

    private void recordLatency(Request r) {
        metrics.recordLatency((System.nanoTime() - r.receivedNanos()) / 1_000_000);
    }

    // ---- events from the core ----

    private Behavior<Command> onEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Reply rep) {
            onReply(rep);
        } else if (event instanceof ConnectionEvent.Notify n) {
            if (phase == Phase.CONNECTED) {
                send(new ReplyHeader(Xid.NOTIFICATION, n.zxid(), 0), n.event());
            }
        } else if (event instanceof ConnectionEvent.HandshakeChecked h) {
            onHandshakeChecked(h);
        } else if (event instanceof ConnectionEvent.SessionEstablished s) {
            sessionId = s.sessionId();
            info.sessionId = sessionId;
            info.timeoutMs = timeoutMs;
            if (phase == Phase.HANDSHAKING) {
                connected();
            }
        } else if (event instanceof ConnectionEvent.SessionClosed) {
            if (phase == Phase.HANDSHAKING) {
                sessionId = 0;
                close("the session could not be created");
            } else if (inFlight.isEmpty() || !closeAfterReply) {
                // Expired, or closed through another connection: nothing more will be answered here.
                sessionId = 0;
                close(null);
            }
        } else if (event instanceof ConnectionEvent.Revalidated) {
            if (phase == Phase.HANDSHAKING) {
                stateMachine.tell(new StateMachine.Handshake(sessionId, lastZxidSeen, events));
            }
        } else if (event instanceof ConnectionEvent.SessionMoved) {
            sessionId = 0;
            close(null);
        }
        return this;
    }

    private void onHandshakeChecked(ConnectionEvent.HandshakeChecked h) {
        info.lastZxid = h.lastZxid();
        switch (h.outcome()) {
            case CLIENT_AHEAD -> {
                getContext().getLog().info("Refusing session request from {}: it has seen a later zxid than this server's 0x{}",
                        info.remote, Long.toHexString(h.lastZxid()));
                sessionId = 0;
                close(null);
            }
            case NOT_SERVING -> {
                // As ZooKeeper's "This ZooKeeper instance is not currently serving requests": the client moves on.
                getContext().getLog().info("Refusing session request from {}: this server is not serving (no quorum)",
                        info.remote);
                sessionId = 0;
                close(null);
            }
            case SESSION_EXPIRED -> {
                if (config.isReplicated() && !revalidated) {
                    // This server may just not have applied the session's creation yet: catch up, then ask again.
                    revalidated = true;
                    sequencer.tell(new Sequencer.Revalidate(sessionId, events));
                } else {
                    refuseSession();
                }
            }
            case REATTACHED -> {
                info.sessionId = sessionId;
                info.timeoutMs = timeoutMs;
                sequencer.tell(new Sequencer.Touch(sessionId, timeoutMs));
                connected();
            }
            case MAY_CREATE -> sequencer.tell(new Sequencer.CreateSession(timeoutMs, events));
        }
    }

    private void connected() {
        phase = Phase.CONNECTED;
        stateMachine.tell(new StateMachine.AuthChanged(sessionId, List.copyOf(auth)));
        sendConnectResponse(new ConnectResponse(0, timeoutMs, sessionId, SessionIds.password(sessionId)));
        drain();
        // Requests a client pipelined behind its handshake are served now, in order.
        decodeFrames();
        resumeReading();
    }

    private void onReply(ConnectionEvent.Reply rep) {
        if (phase == Phase.HANDSHAKING) {
            // The session's CREATE_SESSION was refused (the log failed): nothing to resume.
            sessionId = 0;
            close("the session could not be created");
            return;
        }
        info.lastZxid = Math.max(info.lastZxid, rep.zxid());
        Request r = inFlight.peekFirst();
        if (r == null || r.xid() != rep.xid()) {
            // An answer this connection is not waiting for: a write sent through an earlier connection of the session,
            // committed after that connection was closed (its outcome was unknown). The client must not see it: to
            // ZooKeeper's client a reply out of order is fatal.
            getContext().getLog().debug("Dropping a late answer to xid {} of session 0x{}", rep.xid(),
                    Long.toHexString(sessionId));
            return;
        }
        inFlight.pollFirst();
        if (r.kind() == RequestKind.WRITE) {
            writesInFlight--;
        }
        recordLatency(r);
        send(new ReplyHeader(rep.xid(), rep.zxid(), rep.err()), rep.body());
        if (r.type() == OpCode.CLOSE_SESSION) {
            sessionId = 0;
            close(null);
            return;
        }
        drain();
        info.queued = backlog();
        resumeReading();
    }

    // ---- four-letter words ----

    private void fourLetterWord(String word) {
        phase = Phase.CLOSING;
        if (!config.fourLetterWords().contains(word)) {
            write(word + " is not executed because it is not in the whitelist.\n");
            finish();
            return;
        }
        stateMachine.tell(new StateMachine.GetStats(getContext().messageAdapter(StateMachine.TreeStats.class, Stats::new)));
        pendingWord = word;
    }

    private String pendingWord;

    private void answerFourLetterWord(StateMachine.TreeStats stats) {
        if (pendingWord == null) {
            return;
        }
        write(FourLetterWords.answer(pendingWord, stats, metrics, config));
        pendingWord = null;
        finish();
    }

    private void write(String text) {
        out.send(new Bytes(ByteString.fromString(text, StandardCharsets.UTF_8)));
    }

    // ---- bytes out ----

    private void send(ReplyHeader header, JuteRecord body) {
        sendFrame(ResponseCodec.encode(header, body));
    }

    private void sendConnectResponse(ConnectResponse response) {
        sendFrame(Handshake.encodeResponse(response, false, answerReadOnlyFlag));
    }

    private void sendFrame(byte[] frame) {
        out.send(new Bytes(ByteString.fromArrayUnsafe(frame)));
        metrics.packetsSent.increment();
        info.sent.increment();
    }

    private void close(String reason) {
        if (phase == Phase.CLOSING) {
            return;
        }
        if (reason != null) {
            getContext().getLog().info("Closing connection from {}: {}", info.remote, reason);
        }
        phase = Phase.CLOSING;
        finish();
    }

    /** Flushes what was sent and ends the socket; the stream's end then stops this actor. */
    private void finish() {
        leaveSession();
        out.send(new Close());
    }

    private void leaveSession() {
        if (sessionId != 0) {
            stateMachine.tell(new StateMachine.Disconnected(sessionId, events));
            sessionId = 0;
        }
    }

    private Behavior<Command> stop() {
        leaveSession();
        metrics.unregister(getContext().getSelf());
        out.send(new Close());
        return Behaviors.stopped();
    }
}
