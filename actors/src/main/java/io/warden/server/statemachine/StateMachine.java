package io.warden.server.statemachine;

import io.warden.api.data.Id;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.Code;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SyncResponse;
import io.warden.api.proto.Xid;
import io.warden.api.txn.Txn;
import io.warden.recipe.TreeEvent;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.state.Applied;
import io.warden.server.state.Notification;
import io.warden.server.state.Served;
import io.warden.server.state.StateImage;
import io.warden.server.state.ZkDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The one owner of this server's replica: the data tree, its sessions and the watches of the clients connected here.
 * Applies committed transactions in zxid order, serves reads in arrival order, and routes every answer and watch event
 * to the connection that holds the session, events first. Everything it decides, {@link ZkDatabase} decides.
 */
public final class StateMachine extends AbstractBehavior<StateMachine.Command> {

    public sealed interface Command {
    }

    /** Durable on a quorum: apply in this order. */
    public record Commit(List<Txn> txns) implements Command {
    }

    /**
     * The leader has ordered this sync after every write it had committed: once this server has applied those (they
     * were sent here before this), the session's next read sees them.
     */
    public record SyncDone(long sessionId, int cxid, String path) implements Command {
    }

    /** A write that was refused before it was ordered (e.g. the log failed); answered here to keep the session's order. */
    public record Rejected(long sessionId, int cxid, int err) implements Command {
    }

    /** A read, a watch-management request, a ping or a sync from a session connected here. */
    public record Read(long sessionId, List<Id> auth, int xid, int type, Object request,
                       ActorRef<ConnectionEvent> replyTo) implements Command {
    }

    /** The connection that will hold a session about to be created; sent before the CREATE_SESSION txn is ordered. */
    public record RegisterSession(long sessionId, ActorRef<ConnectionEvent> connection) implements Command {
    }

    /**
     * A client's handshake: resume {@code sessionId} (0 = a new session), having seen {@code lastZxidSeen}. The password
     * was already checked by the connection.
     */
    public record Handshake(long sessionId, long lastZxidSeen, ActorRef<ConnectionEvent> connection) implements Command {
    }

    /** The identities of a session's connection changed (addauth): watch events are filtered by what it may read. */
    public record AuthChanged(long sessionId, List<Id> auth) implements Command {
    }

    /** The connection went away; its watches go with it (the client re-sends them when it reconnects). */
    public record Disconnected(long sessionId, ActorRef<ConnectionEvent> connection) implements Command {
    }

    /** The leader sent its committed state: it replaces this replica's tree and sessions. */
    public record Restore(byte[] snapshot) implements Command {
    }

    /** The session's writes in flight were lost with the leader: close its connection so its client learns that. */
    public record DropConnection(long sessionId) implements Command {
    }

    /**
     * An ensemble member that has been without a quorum for a while closes every client connection and refuses new
     * ones ({@code refused}), so that its clients move to servers that can serve them, until it serves again.
     */
    public record ClientsRefused(boolean refused) implements Command {
    }

    /** The sequencer asks which containers and TTL nodes are due for deletion. */
    public record FindDeletable(long nowMs, ActorRef<DeletablePaths> replyTo) implements Command {
    }

    public record DeletablePaths(List<String> paths) {
    }

    /** Live sessions and their timeouts (for the sequencer after recovery). */
    public record GetSessions(ActorRef<LiveSessions> replyTo) implements Command {
    }

    public record LiveSessions(Map<Long, Integer> timeouts) {
    }

    /** Figures for the four-letter words. */
    public record GetStats(ActorRef<TreeStats> replyTo) implements Command {
    }

    /** A consistent view of the tree's size and watches at one moment. */
    public record TreeStats(long lastZxid, long nodeCount, long approximateDataSize, long ephemeralCount,
                            long watchCount, long watchedPaths, int watchingSessions, long digest,
                            Map<Long, List<String>> watchesBySession, Map<String, List<Long>> watchesByPath,
                            Map<Long, Integer> sessions) {
    }

    /**
     * Committed changes under {@code path}, for a recipe: a {@link TreeEvent.Snapshot} now, then each txn's changes and
     * every session's end, in zxid order, before the txn's answer to its client, each as {@link Published} with
     * {@code id}. Ends when the subscriber stops.
     */
    public record Subscribe(String path, int id, ActorRef<Published> subscriber) implements Command {
    }

    /** An event of subscription {@code id}. */
    public record Published(int id, TreeEvent event) {
    }

    private record Unsubscribe(ActorRef<Published> subscriber) implements Command {
    }

    /** The snapshot handed to the sink is written (or failed): the next one may start. */
    record SnapshotFinished(StateImage image) implements Command {
    }

    /**
     * Takes a snapshot every snapCount transactions: the image is consistent as of its zxid and is serialized
     * on the sink's thread while this actor goes on applying; the sink runs {@code finished} when it is done
     * with the image, written or not.
     */
    public interface SnapshotSink {
        void write(StateImage image, Runnable finished);
    }

    public static Behavior<Command> create(ZkDatabase db, int snapInterval, SnapshotSink snapshots) {
        return Behaviors.setup(ctx -> new StateMachine(ctx, db, snapInterval, snapshots));
    }

    private ZkDatabase db;
    private final int snapInterval;
    private final SnapshotSink snapshots;
    private final Map<Long, ActorRef<ConnectionEvent>> connections = new HashMap<>();
    private final Subscriptions subscriptions = new Subscriptions();
    private boolean refusingClients;
    private int txnsSinceSnapshot;
    /** At most one snapshot in flight: its image keeps the old versions of every node changed meanwhile. */
    private StateImage snapshotInFlight;
    /** A snapshot fell due while one was being written: it is taken, of the state then, as soon as that one is done. */
    private boolean snapshotDue;

    private StateMachine(ActorContext<Command> ctx, ZkDatabase db, int snapInterval, SnapshotSink snapshots) {
        super(ctx);
        this.db = db;
        this.snapInterval = snapInterval;
        this.snapshots = snapshots;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Commit.class, this::onCommit)
                .onMessage(Rejected.class, this::onRejected)
                .onMessage(SyncDone.class, m -> {
                    ActorRef<ConnectionEvent> c = connections.get(m.sessionId());
                    if (c != null) {
                        c.tell(new ConnectionEvent.Reply(m.cxid(), db.lastZxid(), 0, new SyncResponse(m.path())));
                    }
                    return this;
                })
                .onMessage(Read.class, this::onRead)
                .onMessage(RegisterSession.class, m -> {
                    connections.put(m.sessionId(), m.connection());
                    return this;
                })
                .onMessage(Handshake.class, this::onHandshake)
                .onMessage(Restore.class, m -> {
                    db = ZkDatabase.readSnapshot(new JuteInput(m.snapshot()), db.options());
                    txnsSinceSnapshot = 0;
                    // The tree jumped: every subscriber starts again from the new one.
                    db.trackChanges(!subscriptions.isEmpty());
                    subscriptions.resend(db);
                    return this;
                })
                .onMessage(Subscribe.class, m -> {
                    if (!subscriptions.has(m.subscriber())) {
                        getContext().watchWith(m.subscriber(), new Unsubscribe(m.subscriber()));
                    }
                    subscriptions.add(m.path(), m.id(), m.subscriber(), db);
                    db.trackChanges(true);
                    return this;
                })
                .onMessage(Unsubscribe.class, m -> {
                    subscriptions.remove(m.subscriber());
                    db.trackChanges(!subscriptions.isEmpty());
                    return this;
                })
                .onMessage(DropConnection.class, m -> {
                    ActorRef<ConnectionEvent> c = connections.remove(m.sessionId());
                    if (c != null) {
                        sendAway(m.sessionId(), c);
                    }
                    return this;
                })
                .onMessage(ClientsRefused.class, m -> {
                    refusingClients = m.refused();
                    if (refusingClients) {
                        connections.forEach(this::sendAway);
                        connections.clear();
                    }
                    return this;
                })
                .onMessage(Disconnected.class, this::onDisconnected)
                .onMessage(AuthChanged.class, m -> {
                    db.authChanged(m.sessionId(), m.auth());
                    return this;
                })
                .onMessage(FindDeletable.class, m -> {
                    m.replyTo().tell(new DeletablePaths(db.deletableContainersAndTtls(m.nowMs())));
                    return this;
                })
                .onMessage(GetSessions.class, m -> {
                    m.replyTo().tell(new LiveSessions(Map.copyOf(db.sessions())));
                    return this;
                })
                .onMessage(SnapshotFinished.class, m -> {
                    db.release(m.image());
                    if (snapshotInFlight == m.image()) {
                        snapshotInFlight = null;
                        if (snapshotDue) {
                            snapshotDue = false;
                            txnsSinceSnapshot = 0;
                            takeSnapshot();
                        }
                    }
                    return this;
                })
                .onMessage(GetStats.class, m -> {
                    m.replyTo().tell(stats());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCommit(Commit commit) {
        for (Txn txn : commit.txns()) {
            Applied a = db.apply(txn);
            if (!subscriptions.isEmpty()) {
                subscriptions.publish(a, db);
            }
            deliver(a.notifications(), a.zxid());
            ActorRef<ConnectionEvent> origin = connections.get(a.sessionId());
            if (origin != null) {
                if (a.type() == OpCode.CREATE_SESSION) {
                    origin.tell(new ConnectionEvent.SessionEstablished(a.sessionId(), timeoutOf(a.sessionId())));
                } else {
                    origin.tell(new ConnectionEvent.Reply(a.cxid(), a.zxid(), a.err(), a.err() == 0 || a.type() == OpCode.MULTI
                            ? a.response() : null));
                }
            }
            for (long closed : a.closedSessions()) {
                ActorRef<ConnectionEvent> c = connections.remove(closed);
                if (c != null) {
                    c.tell(new ConnectionEvent.SessionClosed(closed));
                }
            }
            maybeSnapshot();
        }
        return this;
    }

    private int timeoutOf(long sessionId) {
        Integer t = db.sessions().get(sessionId);
        return t == null ? 0 : t;
    }

    private void maybeSnapshot() {
        if (++txnsSinceSnapshot < snapInterval) {
            return;
        }
        txnsSinceSnapshot = 0;
        if (snapshotInFlight != null) {
            // One image at a time bounds the memory of kept node versions. Where ZooKeeper skips ("Too busy to snap"),
            // the due snapshot is taken once the one in flight is written, so a burst does not leave the newest state
            // a whole snapCount away from a snapshot; further ones due meanwhile fold into it.
            if (!snapshotDue) {
                getContext().getLog().info("Snapshot of zxid 0x{} still being written; the one due at zxid 0x{} waits",
                        Long.toHexString(snapshotInFlight.lastZxid()), Long.toHexString(db.lastZxid()));
            }
            snapshotDue = true;
            return;
        }
        takeSnapshot();
    }

    private void takeSnapshot() {
        StateImage image = db.capture();
        snapshotInFlight = image;
        ActorRef<Command> self = getContext().getSelf();
        snapshots.write(image, () -> self.tell(new SnapshotFinished(image)));
    }

    /** Closes a session's connection; the client reconnects and re-registers the watches it still wants. */
    private void sendAway(long sessionId, ActorRef<ConnectionEvent> connection) {
        db.removeSessionWatches(sessionId);
        connection.tell(new ConnectionEvent.SessionMoved(sessionId));
    }

    private Behavior<Command> onRejected(Rejected r) {
        ActorRef<ConnectionEvent> c = connections.get(r.sessionId());
        if (c != null) {
            c.tell(new ConnectionEvent.Reply(r.cxid(), db.lastZxid(), r.err(), null));
        }
        return this;
    }

    private Behavior<Command> onRead(Read r) {
        switch (r.type()) {
            case OpCode.PING -> r.replyTo().tell(new ConnectionEvent.Reply(Xid.PING, db.lastZxid(), 0, null));
            default -> {
                Served s = db.read(r.sessionId(), r.auth(), r.type(), r.request());
                deliver(s.notifications(), db.lastZxid());
                r.replyTo().tell(new ConnectionEvent.Reply(r.xid(), db.lastZxid(), s.err(), s.err() == 0 || r.type() == OpCode.MULTI_READ
                        ? s.response() : null));
            }
        }
        return this;
    }

    private void deliver(List<Notification> notifications, long zxid) {
        for (Notification n : notifications) {
            ActorRef<ConnectionEvent> c = connections.get(n.sessionId());
            if (c != null) {
                c.tell(new ConnectionEvent.Notify(zxid, n.event()));
            }
        }
    }

    private Behavior<Command> onHandshake(Handshake h) {
        ConnectionEvent.HandshakeOutcome outcome;
        if (refusingClients) {
            outcome = ConnectionEvent.HandshakeOutcome.NOT_SERVING;
        } else if (h.lastZxidSeen() > db.lastZxid()) {
            outcome = ConnectionEvent.HandshakeOutcome.CLIENT_AHEAD;
        } else if (h.sessionId() == 0) {
            outcome = ConnectionEvent.HandshakeOutcome.MAY_CREATE;
        } else if (!db.hasSession(h.sessionId())) {
            outcome = ConnectionEvent.HandshakeOutcome.SESSION_EXPIRED;
        } else {
            outcome = ConnectionEvent.HandshakeOutcome.REATTACHED;
            ActorRef<ConnectionEvent> previous = connections.put(h.sessionId(), h.connection());
            if (previous != null && !previous.equals(h.connection())) {
                previous.tell(new ConnectionEvent.SessionMoved(h.sessionId()));
            }
            // The watches were the old connection's; the client re-registers what it still wants with setWatches.
            db.removeSessionWatches(h.sessionId());
        }
        h.connection().tell(new ConnectionEvent.HandshakeChecked(outcome, db.lastZxid()));
        return this;
    }

    private Behavior<Command> onDisconnected(Disconnected d) {
        if (d.connection().equals(connections.get(d.sessionId()))) {
            connections.remove(d.sessionId());
            db.removeSessionWatches(d.sessionId());
        }
        return this;
    }

    private TreeStats stats() {
        return new TreeStats(db.lastZxid(), db.nodeCount(), db.approximateDataSize(), db.ephemeralCount(), db.watchCount(),
                db.watchedPathCount(), db.watchingSessionCount(), db.digest(), sortedLists(db.watchesBySession()),
                sortedLists(db.watchesByPath()), Map.copyOf(db.sessions()));
    }

    private static <K extends Comparable<K>, V extends Comparable<V>> Map<K, List<V>> sortedLists(Map<K, Set<V>> in) {
        Map<K, List<V>> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.stream().sorted().toList()));
        return out;
    }

}
