package io.warden.server.frontend;

import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.WatcherEvent;

/** What the server's core tells a client connection: answers, watch events and the fate of its session. */
public sealed interface ConnectionEvent {
    /** The answer to request {@code xid}; {@code body} is null for answers without one (and for errors). */
    record Reply(int xid, long zxid, int err, JuteRecord body) implements ConnectionEvent {
    }

    /**
     * A recipe instance's write ({@code Sequencer.FencedSubmit}) was refused without being ordered: the ensemble is no
     * longer led in the epoch the instance started in.
     */
    record WriteFenced(int xid, long epoch) implements ConnectionEvent {
    }

    /** A watch fired; delivered before the answer to the request that fired it. */
    record Notify(long zxid, WatcherEvent event) implements ConnectionEvent {
    }

    /** The session this connection asked for now exists. */
    record SessionEstablished(long sessionId, int timeoutMs) implements ConnectionEvent {
    }

    /** How the state machine judged a handshake. */
    enum HandshakeOutcome {
        /** The client has seen a newer zxid than this server has applied: it must try another server. */
        CLIENT_AHEAD,
        /** The client asked to resume a session that no longer exists. */
        SESSION_EXPIRED,
        /** The session is alive and now held by this connection. */
        REATTACHED,
        /** The client asked for a new session and may have one. */
        MAY_CREATE,
        /** This server is cut off from its ensemble's quorum and serves no one until it is back: try another. */
        NOT_SERVING
    }

    record HandshakeChecked(HandshakeOutcome outcome, long lastZxid) implements ConnectionEvent {
    }

    /** This server has caught up with the leader: ask the state machine about the session again. */
    record Revalidated(long sessionId) implements ConnectionEvent {
    }

    /** The session was closed or expired: answer what is pending, then close the socket. */
    record SessionClosed(long sessionId) implements ConnectionEvent {
    }

    /** Another connection took over this session (the client reconnected): close this one. */
    record SessionMoved(long sessionId) implements ConnectionEvent {
    }
}
