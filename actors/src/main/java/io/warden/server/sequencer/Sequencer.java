package io.warden.server.sequencer;

import io.warden.api.data.Id;
import io.warden.api.data.Zxid;
import io.warden.api.proto.Code;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SyncRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.recipes.RecipeHost;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The standalone server's leader: gives every write its zxid and time, has it logged durably, and only then passes it to
 * the state machine — durable before visible. It also owns session liveness (expiring silent sessions through a
 * CLOSE_SESSION transaction) and the cleanup of empty containers and expired TTL nodes.
 */
public final class Sequencer extends AbstractBehavior<Sequencer.Command> {

    public sealed interface Command {
    }

    /** A write from a session: to be ordered, logged, committed. */
    public record Submit(long sessionId, int cxid, int type, List<Id> auth, Object body) implements Command {
    }

    /**
     * A recipe instance's write, fenced by the epoch the instance was started in: it is ordered only by the leader of
     * exactly that epoch, and otherwise refused at once with {@link ConnectionEvent.WriteFenced} to {@code fencedTo}
     * (never held for, or forwarded to, a later leader).
     */
    public record FencedSubmit(Submit submit, long epoch, ActorRef<ConnectionEvent> fencedTo) implements Command {
    }

    /** A new client asks for a session; {@code connection} will be told SessionEstablished once it is committed. */
    public record CreateSession(int timeoutMs, ActorRef<ConnectionEvent> connection) implements Command {
    }

    /**
     * A replicated server found no such session: it may only be behind. Answer {@code Revalidated} once this server has
     * applied everything the leader had ordered by now; then its verdict is the ensemble's.
     */
    public record Revalidate(long sessionId, ActorRef<ConnectionEvent> connection) implements Command {
    }

    /** Any packet from the session's client is a sign of life; a reattaching client may bring a new timeout. */
    public record Touch(long sessionId, int timeoutMs) implements Command {
    }

    private record Tick() implements Command {
    }

    private record CheckContainers() implements Command {
    }

    private record Deletable(List<String> paths) implements Command {
    }

    private record StorageReply(Storage.Event event) implements Command {
    }

    private record PendingSync(long afterZxid, StateMachine.SyncDone done) {
    }

    private record SessionsRecovered(Map<Long, Integer> sessions) implements Command {
    }

    public static Behavior<Command> create(ActorRef<Storage.Command> storage, ActorRef<StateMachine.Command> stateMachine,
                                           long lastZxid, long serverId, int tickTimeMs, long containerCheckMs,
                                           LongSupplier clock) {
        return create(storage, stateMachine, lastZxid, serverId, tickTimeMs, containerCheckMs, clock, null);
    }

    /** As above; {@code recipes} (if not null) hears that this server leads its epoch, once it starts. */
    public static Behavior<Command> create(ActorRef<Storage.Command> storage, ActorRef<StateMachine.Command> stateMachine,
                                           long lastZxid, long serverId, int tickTimeMs, long containerCheckMs,
                                           LongSupplier clock, ActorRef<RecipeHost.Command> recipes) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            Sequencer s = new Sequencer(ctx, timers, storage, stateMachine, lastZxid, serverId, tickTimeMs,
                    containerCheckMs, clock);
            if (recipes != null) {
                recipes.tell(new RecipeHost.Leading(s.epoch));
            }
            return s;
        }));
    }

    private final ActorRef<Storage.Command> storage;
    private final ActorRef<StateMachine.Command> stateMachine;
    private final ActorRef<Storage.Event> storageReplies;
    private final LongSupplier clock;
    private final SessionTracker tracker = new SessionTracker();
    private final SessionIds sessionIds;
    private final ArrayDeque<Txn> unlogged = new ArrayDeque<>();
    private final ArrayDeque<PendingSync> syncs = new ArrayDeque<>();
    private final int epoch;
    private long counter;
    private String failure;

    private Sequencer(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<Storage.Command> storage,
                      ActorRef<StateMachine.Command> stateMachine, long lastZxid, long serverId, int tickTimeMs,
                      long containerCheckMs, LongSupplier clock) {
        super(ctx);
        this.storage = storage;
        this.stateMachine = stateMachine;
        this.clock = clock;
        this.storageReplies = ctx.messageAdapter(Storage.Event.class, StorageReply::new);
        this.sessionIds = new SessionIds(serverId, clock.getAsLong());
        // Standalone: a restart starts a new epoch, as ZooKeeper's standalone server does, so zxids never repeat.
        this.epoch = Zxid.epoch(lastZxid) + 1;
        this.counter = 0;
        timers.startTimerWithFixedDelay(new Tick(), Duration.ofMillis(Math.max(1, tickTimeMs / 2)));
        timers.startTimerWithFixedDelay(new CheckContainers(), Duration.ofMillis(containerCheckMs));
        stateMachine.tell(new StateMachine.GetSessions(
                ctx.messageAdapter(StateMachine.LiveSessions.class, m -> new SessionsRecovered(m.timeouts()))));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(FencedSubmit.class, f -> {
                    if (f.epoch() != epoch) {
                        f.fencedTo().tell(new ConnectionEvent.WriteFenced(f.submit().cxid(), epoch));
                        return this;
                    }
                    return onSubmit(f.submit());
                })
                .onMessage(CreateSession.class, this::onCreateSession)
                .onMessage(Touch.class, t -> {
                    if (t.timeoutMs() > 0) {
                        tracker.touch(t.sessionId(), t.timeoutMs(), clock.getAsLong());
                    } else {
                        tracker.touch(t.sessionId(), clock.getAsLong());
                    }
                    return this;
                })
                .onMessage(Revalidate.class, r -> {
                    // Standalone: this state machine is the whole truth, and everything logged reaches it first.
                    r.connection().tell(new ConnectionEvent.Revalidated(r.sessionId()));
                    return this;
                })
                .onMessage(Tick.class, t -> onTick())
                .onMessage(CheckContainers.class, c -> {
                    ActorRef<StateMachine.DeletablePaths> replyTo =
                            getContext().messageAdapter(StateMachine.DeletablePaths.class, d -> new Deletable(d.paths()));
                    stateMachine.tell(new StateMachine.FindDeletable(clock.getAsLong(), replyTo));
                    return this;
                })
                .onMessage(Deletable.class, this::onDeletable)
                .onMessage(StorageReply.class, r -> onStorage(r.event()))
                .onMessage(SessionsRecovered.class, this::onSessionsRecovered)
                .build();
    }

    private Behavior<Command> onSessionsRecovered(SessionsRecovered r) {
        long now = clock.getAsLong();
        // Clients of recovered sessions get a full timeout from now to reconnect, as in ZooKeeper.
        r.sessions().forEach((id, timeout) -> {
            if (!tracker.isTracked(id)) {
                tracker.add(id, timeout, now);
            }
        });
        return this;
    }

    private Behavior<Command> onSubmit(Submit s) {
        if (s.type() == OpCode.SYNC) {
            tracker.touch(s.sessionId(), clock.getAsLong());
            StateMachine.SyncDone done = new StateMachine.SyncDone(s.sessionId(), s.cxid(), ((SyncRequest) s.body()).path());
            if (unlogged.isEmpty()) {
                // Everything ordered so far has reached the state machine before this; nothing needs logging.
                stateMachine.tell(done);
            } else {
                // Answered after the writes ordered before it, the session's own among them, keeping its FIFO order.
                syncs.add(new PendingSync(unlogged.peekLast().zxid(), done));
            }
            return this;
        }
        if (failure != null) {
            stateMachine.tell(new StateMachine.Rejected(s.sessionId(), s.cxid(), Code.SYSTEMERROR.intValue()));
            return this;
        }
        if (s.type() == OpCode.CLOSE_SESSION) {
            tracker.remove(s.sessionId());
        } else {
            tracker.touch(s.sessionId(), clock.getAsLong());
        }
        order(s.sessionId(), s.cxid(), s.type(), s.auth(), s.body());
        return this;
    }

    private Behavior<Command> onCreateSession(CreateSession c) {
        if (failure != null) {
            // No session can be made durable: the client sees the connection close and tries again elsewhere or later.
            c.connection().tell(new ConnectionEvent.SessionClosed(0));
            return this;
        }
        long id = sessionIds.nextId();
        tracker.add(id, c.timeoutMs(), clock.getAsLong());
        stateMachine.tell(new StateMachine.RegisterSession(id, c.connection()));
        order(id, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(c.timeoutMs()));
        return this;
    }

    private Behavior<Command> onTick() {
        if (failure != null) {
            return this;
        }
        for (long expired : tracker.expire(clock.getAsLong())) {
            getContext().getLog().info("Expiring session 0x{}", Long.toHexString(expired));
            order(expired, 0, OpCode.CLOSE_SESSION, List.of(), null);
        }
        return this;
    }

    private Behavior<Command> onDeletable(Deletable d) {
        if (failure != null) {
            return this;
        }
        for (String path : d.paths()) {
            order(0, 0, OpCode.DELETE_CONTAINER, List.of(), new DeleteRequest(path, -1));
        }
        return this;
    }

    private void order(long sessionId, int cxid, int type, List<Id> auth, Object body) {
        Txn txn = new Txn(Zxid.of(epoch, ++counter), clock.getAsLong(), sessionId, cxid, type, auth, body);
        unlogged.add(txn);
        storage.tell(new Storage.Append(txn.zxid(), TxnCodec.encode(txn), storageReplies));
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
            getContext().getLog().error("The transaction log failed ({}); this server refuses writes until it is restarted",
                    reason);
        }
    }

    /** Never appended, so definitely not applied: refused, in the order they were ordered, syncs between the writes. */
    private void rejectUnlogged() {
        while (!unlogged.isEmpty()) {
            Txn t = unlogged.pollFirst();
            rejectSyncsBefore(t.zxid());
            stateMachine.tell(new StateMachine.Rejected(t.sessionId(), t.cxid(), Code.SYSTEMERROR.intValue()));
        }
        rejectSyncsBefore(Long.MAX_VALUE);
    }

    private void rejectSyncsBefore(long zxid) {
        while (!syncs.isEmpty() && syncs.peekFirst().afterZxid() < zxid) {
            StateMachine.SyncDone d = syncs.pollFirst().done();
            stateMachine.tell(new StateMachine.Rejected(d.sessionId(), d.cxid(), Code.SYSTEMERROR.intValue()));
        }
    }

    private Behavior<Command> onStorage(Storage.Event event) {
        if (event instanceof Storage.Logged logged) {
            List<Txn> durable = new ArrayList<>();
            while (!unlogged.isEmpty() && unlogged.peekFirst().zxid() <= logged.zxid()) {
                durable.add(unlogged.pollFirst());
            }
            if (!durable.isEmpty()) {
                stateMachine.tell(new StateMachine.Commit(durable));
            }
            while (!syncs.isEmpty() && syncs.peekFirst().afterZxid() <= logged.zxid()) {
                stateMachine.tell(syncs.pollFirst().done());
            }
        } else if (event instanceof Storage.OutcomeUnknown unknown) {
            fail(unknown.reason());
            // Written but maybe not durable: they may be there after a restart, or not. Their clients must not hear
            // "failed" (ZooKeeper would have crashed), so their connections close: a lost connection means "unknown".
            Set<Long> sessions = new LinkedHashSet<>();
            while (!unlogged.isEmpty() && unlogged.peekFirst().zxid() <= unknown.zxid()) {
                Txn t = unlogged.pollFirst();
                rejectSyncsBefore(t.zxid());
                sessions.add(t.sessionId());
            }
            sessions.forEach(s -> stateMachine.tell(new StateMachine.DropConnection(s)));
            rejectUnlogged();
        } else if (event instanceof Storage.StorageFailed failed) {
            fail(failed.reason());
            rejectUnlogged();
        }
        return this;
    }
}
