package io.warden.server.replication;

import io.warden.api.proto.Code;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SyncRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.recipes.RecipeHost;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.sequencer.SessionIds;
import io.warden.server.sequencer.SessionTracker;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.Storage;
import io.warden.server.zab.Election;
import io.warden.server.zab.ElectionEffect;
import io.warden.server.zab.FollowerProtocol;
import io.warden.server.zab.LeaderProtocol;
import io.warden.server.zab.Packet;
import io.warden.server.zab.QuorumConfig;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.TxnHistory;
import io.warden.server.zab.ZabEffect;
import java.io.IOException;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * One server's part in the ensemble: the thin shell around {@link Election}, {@link LeaderProtocol} and
 * {@link FollowerProtocol}. It delivers their messages between servers, runs their timers, carries out their effects
 * (epochs and log durable before the protocol moves on; commits to the state machine in order) and connects them to
 * this server's clients: writes go to the leader, syncs wait for the leader's word, sessions are kept alive by the
 * leader. While no leader is established, client writes are held, not failed (DESIGN principle 7).
 */
public final class Peer extends AbstractBehavior<Peer.Command> {

    public interface Command {
    }

    /** A client write, session request or sign of life from this server's connections. */
    public record FromClients(Sequencer.Command command) implements Command {
    }

    private record Tick() implements Command {
    }

    private record FinalizeTimeout(long round) implements Command {
    }

    private record ResendVotes() implements Command {
    }

    private record CheckContainers() implements Command {
    }

    private record Deletable(List<String> paths) implements Command {
    }

    private record LeaderSessions(Map<Long, Integer> sessions) implements Command {
    }

    private record StorageReply(Storage.Event event) implements Command {
    }

    private record EpochReply(Epochs.Outcome outcome) implements Command {
    }

    private record EpochsStopped() implements Command {
    }

    private record Gone(long sid) implements Command {
    }

    /** Told to itself when the outbox fills: it queues behind the messages already waiting, whose packets join it. */
    private record FlushOutbox() implements Command {
    }

    /**
     * Waits until this server has applied {@code zxid} (what the leader had proposed when asked), then acts; if the
     * leader is lost first, {@code again} asks the next one.
     */
    private record PendingSync(long zxid, Runnable action, Runnable again) {
    }

    /** A client's write ({@code write}) or sync ({@code syncPath}) sent to leader {@code to}, not answered yet. */
    private record InFlight(int cxid, Txn write, String syncPath, long to) {
        boolean answers(Txn committed) {
            return write != null && write.cxid() == committed.cxid() && write.type() == committed.type();
        }
    }

    /** The cxid of the syncs a peer makes for itself (revalidating a session); clients' xids are never negative. */
    private static final int REVALIDATION = -1;
    /** The cxid of the sync a follower makes after a leader change before it sends in-doubt requests again. */
    private static final int BARRIER = -2;

    /** Everything a Peer works with, wired by the node. */
    public record Wiring(EnsembleConfig ensemble, int tickTimeMs, long containerCheckMs, ActorRef<Storage.Command> storage,
                        ActorRef<StateMachine.Command> stateMachine, TxnHistory history, SnapshotStore snapshots,
                        Epochs.Recovered epochs, long lastCommitted, PeerDirectory directory, ServerMetrics metrics,
                        LongSupplier clock, ActorRef<RecipeHost.Command> recipes) {
        public Wiring(EnsembleConfig ensemble, int tickTimeMs, long containerCheckMs, ActorRef<Storage.Command> storage,
                      ActorRef<StateMachine.Command> stateMachine, TxnHistory history, SnapshotStore snapshots,
                      Epochs.Recovered epochs, long lastCommitted, PeerDirectory directory, ServerMetrics metrics,
                      LongSupplier clock) {
            this(ensemble, tickTimeMs, containerCheckMs, storage, stateMachine, history, snapshots, epochs, lastCommitted,
                    directory, metrics, clock, null);
        }
    }

    /** Where the other servers' Peers are. */
    public interface PeerDirectory {
        ActorRef<Command> peer(long sid);
    }

    private static final Duration FINALIZE_WAIT = Duration.ofMillis(200);
    private static final Duration VOTE_RESEND = Duration.ofMillis(400);
    private static final int MAX_HELD_WRITES = 100_000;

    public static Behavior<Command> create(Wiring wiring) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Peer(ctx, timers, wiring)));
    }

    private final Wiring w;
    private final TimerScheduler<Command> timers;
    private final long self;
    private final QuorumConfig quorum;
    private final ActorRef<Storage.Event> storageReplies;
    private final ActorRef<Epochs.Outcome> epochReplies;
    private final SessionIds sessionIds;
    private final SessionTracker tracker = new SessionTracker();
    private final Map<Long, Integer> touched = new HashMap<>();
    private final ArrayDeque<Sequencer.Command> held = new ArrayDeque<>();
    private final ArrayDeque<ZabEffect> effects = new ArrayDeque<>();
    /**
     * Zab packets and forwarded writes, per peer in order, not yet on their way: they go as one transport message
     * (see {@link PeerMessage.ZabPackets}, {@link PeerMessage.Batch}) once the messages that were waiting in the
     * mailbox when the outbox filled have been handled, so the proposals, acks, commits and forwarded writes of many
     * client writes share one message without any timer. Any other message to a peer flushes it first, so a link
     * stays FIFO. A peer's batch is cut at {@link Fragments#MAX_BYTES}, so it fits one transport frame.
     */
    private final Map<Long, List<PeerMessage>> outbox = new LinkedHashMap<>();
    /** The bytes queued in {@link #outbox}, per peer, as {@link #sizes} reckons them. */
    private final Map<Long, Integer> outboxBytes = new HashMap<>();
    private boolean flushQueued;
    private final WireSizes sizes = new WireSizes();
    /** Messages larger than a frame that other servers are sending us piece by piece. */
    private final Fragments fragments = new Fragments();
    private final List<PendingSync> syncs = new ArrayList<>();
    /** Leader only: syncs of its own clients waiting for a zxid to commit. */
    private final List<PendingSync> leaderSyncs = new ArrayList<>();
    /** Per session, in the order sent: what this follower's clients asked of the leader that is not answered yet. */
    private final Map<Long, ArrayDeque<InFlight>> forwarded = new HashMap<>();
    /** Connections waiting to learn whether a session this server does not know is really gone. */
    private final Map<Long, ActorRef<ConnectionEvent>> revalidating = new HashMap<>();
    /** Members whose connection the transport saw close, until they are heard from again. */
    private final Set<Long> gone = new HashSet<>();

    private ServerState state = ServerState.LOOKING;
    private Election election;
    private LeaderProtocol leader;
    private FollowerProtocol follower;
    private long leaderSid = -1;
    private boolean serving;
    private boolean blocked;
    private ElectionEffect.Decided deferredDecision;
    private long lastCommitted;
    private long lastProposed;
    private long followerSessions;
    /** The epochs as durably promised; they change only when the epochs actor confirms a raise. */
    private long acceptedEpoch;
    private long currentEpoch;
    /** The epoch effect waiting for its raise to be durable; nothing after it is carried out until then. */
    private ZabEffect epochInFlight;
    /** Looking again began while a raise was in flight: the election starts from the epochs once it is settled. */
    private boolean electionAfterEpoch;
    /** A leader's snapshot replaced our state since we last served: commits it covered produced no replies. */
    private boolean syncedBySnapshot;
    /** Serving again, with requests in doubt: client requests are held until the barrier sync has come back. */
    private boolean resuming;
    /** Counts the times this server began to serve; names the barrier sync of each. */
    private long servings;
    /** The last zxid handed to storage, and the last it reported durable: a new role waits until they meet. */
    private long lastAppended;
    private long lastLogged;
    /** Ticks since this server last served; after syncLimit of them its clients are sent elsewhere. */
    private int ticksNotServing;
    private boolean clientsRefused;
    /** The epoch this server last became established in; recipe writes are fenced by it. */
    private long servingEpoch = -1;

    private Peer(ActorContext<Command> ctx, TimerScheduler<Command> timers, Wiring wiring) {
        super(ctx);
        this.w = wiring;
        this.timers = timers;
        this.self = wiring.ensemble().myId();
        this.quorum = new QuorumConfig(
                wiring.ensemble().voters().stream().map(EnsembleConfig.Member::id).toList(),
                wiring.ensemble().observers().stream().map(EnsembleConfig.Member::id).toList());
        this.storageReplies = ctx.messageAdapter(Storage.Event.class, StorageReply::new);
        this.epochReplies = ctx.messageAdapter(Epochs.Outcome.class, EpochReply::new);
        this.acceptedEpoch = wiring.epochs().promises().accepted();
        this.currentEpoch = wiring.epochs().promises().current();
        ctx.watchWith(wiring.epochs().keeper(), new EpochsStopped());
        this.sessionIds = new SessionIds(self, wiring.clock().getAsLong());
        this.lastCommitted = wiring.lastCommitted();
        timers.startTimerWithFixedDelay(new Tick(), Duration.ofMillis(wiring.tickTimeMs()));
        timers.startTimerWithFixedDelay(new CheckContainers(), Duration.ofMillis(wiring.containerCheckMs()));
        ctx.spawn(Presence.create(wiring.ensemble(), ctx.messageAdapter(Presence.MemberGone.class, g -> new Gone(g.sid()))),
                "presence");
        lookForLeader("starting");
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PeerMessage.ElectionVote.class, this::onVote)
                .onMessage(PeerMessage.ZabPacket.class, this::onPacket)
                .onMessage(PeerMessage.ZabPackets.class, this::onPackets)
                .onMessage(PeerMessage.Batch.class, this::onBatch)
                .onMessage(PeerMessage.ForwardedWrite.class, this::onForwardedWrite)
                .onMessage(PeerMessage.SyncRequest.class, this::onSyncRequest)
                .onMessage(PeerMessage.SyncPoint.class, this::onSyncPoint)
                .onMessage(PeerMessage.Touches.class, this::onTouches)
                .onMessage(PeerMessage.WriteRefused.class, this::onWriteRefused)
                .onMessage(PeerMessage.Fragment.class, this::onFragment)
                .onMessage(FromClients.class, m -> onClient(m.command()))
                .onMessage(Tick.class, t -> onTick())
                .onMessage(FinalizeTimeout.class, f -> {
                    if (election != null && state == ServerState.LOOKING) {
                        runElection(election.onFinalizeTimeout(f.round()));
                    }
                    return this;
                })
                .onMessage(ResendVotes.class, r -> {
                    if (election != null && state == ServerState.LOOKING) {
                        runElection(election.resend());
                    }
                    return this;
                })
                .onMessage(CheckContainers.class, c -> {
                    if (state == ServerState.LEADING && serving) {
                        w.stateMachine().tell(new StateMachine.FindDeletable(w.clock().getAsLong(),
                                getContext().messageAdapter(StateMachine.DeletablePaths.class, d -> new Deletable(d.paths()))));
                    }
                    return this;
                })
                .onMessage(Deletable.class, d -> {
                    for (String path : d.paths()) {
                        propose(new Txn(0, 0, 0, 0, OpCode.DELETE_CONTAINER, List.of(), new DeleteRequest(path, -1)));
                    }
                    return this;
                })
                .onMessage(LeaderSessions.class, this::onLeaderSessions)
                .onMessage(StorageReply.class, r -> onStorage(r.event()))
                .onMessage(EpochReply.class, r -> onEpochReply(r.outcome()))
                .onMessage(EpochsStopped.class, s -> epochsFailed("the epochs actor stopped (its journal failed)"))
                .onMessage(Gone.class, g -> onGone(g.sid()))
                .onMessage(FlushOutbox.class, f -> {
                    flushQueued = false;
                    flushOutbox();
                    return this;
                })
                .build();
    }

    // ---- election ----

    private void lookForLeader(String why) {
        getContext().getLog().info("Server {} is looking for a leader ({})", self, why);
        if (state == ServerState.LEADING && w.recipes() != null) {
            w.recipes().tell(new RecipeHost.NotLeading());
        }
        servingEpoch = -1;
        state = ServerState.LOOKING;
        leader = null;
        follower = null;
        leaderSid = -1;
        serving = false;
        effects.clear();
        // A truncation still in flight stays blocking: the next role reads the log and must see it done.
        w.metrics().mode = "looking";
        resuming = false;
        keepInDoubt();
        if (epochInFlight != null) {
            // Votes carry the current epoch: wait until the raise in flight is settled so they tell the truth.
            election = null;
            electionAfterEpoch = true;
            return;
        }
        startElection();
    }

    private void startElection() {
        election = new Election(self, quorum);
        for (long sid : gone) {
            election.onMemberGone(sid);
        }
        runElection(election.start(w.history().lastZxid(), currentEpoch));
        timers.startTimerWithFixedDelay("resend", new ResendVotes(), VOTE_RESEND);
    }

    private Behavior<Command> onVote(PeerMessage.ElectionVote v) {
        gone.remove(v.from());
        if (election != null) {
            runElection(election.onNotification(v.from(), v.notification()));
        }
        return this;
    }

    private void runElection(List<ElectionEffect> out) {
        for (ElectionEffect e : out) {
            if (e instanceof ElectionEffect.Send s) {
                send(s.to(), new PeerMessage.ElectionVote(self, s.notification()));
            } else if (e instanceof ElectionEffect.Broadcast b) {
                for (long sid : quorum.members()) {
                    if (sid != self) {
                        send(sid, new PeerMessage.ElectionVote(self, b.notification()));
                    }
                }
            } else if (e instanceof ElectionEffect.ScheduleFinalize f) {
                timers.startSingleTimer("finalize", new FinalizeTimeout(f.round()), FINALIZE_WAIT);
            } else if (e instanceof ElectionEffect.Decided d) {
                decided(d);
            }
        }
    }

    private void decided(ElectionEffect.Decided d) {
        if (blocked || lastAppended > lastLogged) {
            // The previous role's truncation or appends have not finished; the new role starts when they have, since
            // it tells the leader where our log ends (a session started earlier was sent a history overlapping appends
            // still on their way, and the log refused them).
            deferredDecision = d;
            return;
        }
        timers.cancel("resend");
        timers.cancel("finalize");
        state = d.role();
        leaderSid = d.leader();
        getContext().getLog().info("Server {} decided: {} (leader {}, election epoch {})", self, d.role(), d.leader(),
                d.electionEpoch());
        // srvr keeps saying "looking" until this server is in step with the leader and serves (established()).
        if (d.role() == ServerState.LEADING) {
            leader = new LeaderProtocol(self, quorum, acceptedEpoch, currentEpoch, lastCommitted,
                    w.history(), w.ensemble().initLimit(), w.ensemble().syncLimit());
            run(leader.start());
        } else {
            follower = new FollowerProtocol(self, quorum, d.leader(), ++followerSessions, acceptedEpoch,
                    currentEpoch, w.history(), lastCommitted, w.ensemble().initLimit(), w.ensemble().syncLimit());
            run(follower.start());
        }
    }

    // ---- Zab ----

    private Behavior<Command> onPacket(PeerMessage.ZabPacket p) {
        if (leader != null) {
            run(leader.onMessage(p.from(), p.packet()));
        } else if (follower != null) {
            run(follower.onMessage(p.from(), p.packet()));
        }
        // While looking, packets are dropped: a follower repeats its first message every tick until a leader answers.
        return this;
    }

    private Behavior<Command> onPackets(PeerMessage.ZabPackets b) {
        for (Packet p : b.packets()) {
            onPacket(new PeerMessage.ZabPacket(b.from(), p));
        }
        return this;
    }

    private Behavior<Command> onBatch(PeerMessage.Batch b) {
        for (PeerMessage m : b.parts()) {
            if (m instanceof PeerMessage.ZabPacket p) {
                onPacket(p);
            } else {
                onForwardedWrite((PeerMessage.ForwardedWrite) m);
            }
        }
        return this;
    }

    /** The transport's hint that server {@code sid}'s process is gone; Zab decides what it means for the role. */
    private Behavior<Command> onGone(long sid) {
        gone.add(sid);
        fragments.drop(sid);
        if (election != null && state == ServerState.LOOKING) {
            runElection(election.onMemberGone(sid));
        }
        if (follower != null && sid == leaderSid) {
            getContext().getLog().info("Server {}: the connection to leader {} closed", self, sid);
            run(follower.onLeaderUnreachable());
        } else if (leader != null) {
            getContext().getLog().info("Server {}: the connection to learner {} closed", self, sid);
            run(leader.onLearnerUnreachable(sid));
        }
        return this;
    }

    private void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, List<PeerMessage>> e : outbox.entrySet()) {
            deliver(e.getKey(), batch(e.getValue()), outboxBytes.get(e.getKey()));
        }
        outbox.clear();
        outboxBytes.clear();
    }

    private PeerMessage batch(List<PeerMessage> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<Packet> packets = new ArrayList<>(parts.size());
        for (PeerMessage m : parts) {
            if (!(m instanceof PeerMessage.ZabPacket p)) {
                return new PeerMessage.Batch(self, parts);
            }
            packets.add(p.packet());
        }
        return new PeerMessage.ZabPackets(self, packets);
    }

    /** Queues a packet or forwarded write for {@code sid}; the first one in the outbox asks for its flush. */
    private void post(long sid, PeerMessage m) {
        int size = sizes.of(m);
        List<PeerMessage> queued = outbox.computeIfAbsent(sid, k -> new ArrayList<>());
        int before = outboxBytes.getOrDefault(sid, 0);
        if (!queued.isEmpty() && before + size > Fragments.MAX_BYTES) {
            deliver(sid, batch(queued), before);
            queued.clear();
            before = 0;
        }
        queued.add(m);
        outboxBytes.put(sid, before + size);
        if (!flushQueued) {
            flushQueued = true;
            getContext().getSelf().tell(new FlushOutbox());
        }
    }

    private void run(List<ZabEffect> out) {
        effects.addAll(out);
        drainEffects();
    }

    private void drainEffects() {
        while (!blocked && epochInFlight == null && !effects.isEmpty()) {
            ZabEffect e = effects.pollFirst();
            try {
                carryOut(e);
            } catch (IOException ex) {
                getContext().getLog().error("Server {} could not make {} durable: {}", self, e, ex.toString());
                // A promise that is not durable must not be acted on: leave the role and look again.
                lookForLeader("storage failed: " + ex.getMessage());
                return;
            }
        }
    }

    private void carryOut(ZabEffect e) throws IOException {
        if (e instanceof ZabEffect.Send s) {
            post(s.to(), new PeerMessage.ZabPacket(self, s.packet()));
        } else if (e instanceof ZabEffect.PersistAcceptedEpoch a) {
            epochInFlight = e;
            w.epochs().keeper().tell(new Epochs.RaiseAccepted(a.epoch(), epochReplies));
        } else if (e instanceof ZabEffect.PersistCurrentEpoch c) {
            epochInFlight = e;
            w.epochs().keeper().tell(new Epochs.RaiseCurrent(c.epoch(), epochReplies));
        } else if (e instanceof ZabEffect.AppendToLog a) {
            for (Txn t : a.txns()) {
                byte[] entry = TxnCodec.encode(t);
                // A leader proposes the txn it logs; its proposals are then sized without encoding it again.
                sizes.remember(t, entry.length);
                w.storage().tell(new Storage.Append(t.zxid(), entry, storageReplies));
                lastAppended = Math.max(lastAppended, t.zxid());
            }
        } else if (e instanceof ZabEffect.TruncateLog t) {
            blocked = true;
            w.storage().tell(new Storage.TruncateAfter(t.afterZxid(), storageReplies));
        } else if (e instanceof ZabEffect.ApplySnapshot s) {
            w.snapshots().write(s.snapshot().zxid(), s.snapshot().data());
            w.stateMachine().tell(new StateMachine.Restore(s.snapshot().data()));
            lastCommitted = s.snapshot().zxid();
            syncedBySnapshot = true;
            blocked = true;
            w.storage().tell(new Storage.TruncateAfter(s.snapshot().zxid(), storageReplies));
        } else if (e instanceof ZabEffect.CommitTxns c) {
            commit(c.txns());
        } else if (e instanceof ZabEffect.Established est) {
            established(est);
        } else if (e instanceof ZabEffect.StepDown sd) {
            lookForLeader(sd.reason());
        } else if (e instanceof ZabEffect.Refused r) {
            getContext().getLog().warn("Server {} refused what server {} sent: {}", self, r.peer(), r.reason());
        }
    }

    private List<ZabEffect> protocolPersisted(ZabEffect e) {
        if (leader != null) {
            return leader.onPersisted(e);
        } else if (follower != null) {
            return follower.onPersisted(e);
        }
        return List.of();
    }

    /** A raise is durable: the protocol that asked (if it is still this server's role) moves on. */
    private Behavior<Command> onEpochReply(Epochs.Outcome outcome) {
        ZabEffect persisted = epochInFlight;
        epochInFlight = null;
        if (!(outcome instanceof Epochs.Saved saved)) {
            return epochsFailed(persisted + " was refused: " + ((Epochs.Refused) outcome).reason());
        }
        acceptedEpoch = saved.promises().accepted();
        currentEpoch = saved.promises().current();
        if (electionAfterEpoch) {
            electionAfterEpoch = false;
            startElection();
        } else {
            effects.addAll(protocolPersisted(persisted));
            drainEffects();
        }
        return this;
    }

    /** Without durable epochs this server must neither vote nor ack: it stops, and the node with it. */
    private Behavior<Command> epochsFailed(String why) {
        getContext().getLog().error("Server {}: {}; it can no longer take part", self, why);
        w.metrics().mode = "failed";
        return Behaviors.stopped();
    }

    private Behavior<Command> onStorage(Storage.Event event) {
        if (event instanceof Storage.Logged l) {
            lastLogged = Math.max(lastLogged, l.zxid());
            if (deferredDecision != null && !blocked && lastLogged >= lastAppended) {
                ElectionEffect.Decided d = deferredDecision;
                deferredDecision = null;
                decided(d);
                return this;
            }
            if (leader != null) {
                run(leader.onLogged(l.zxid()));
            } else if (follower != null) {
                run(follower.onLogged(l.zxid()));
            }
        } else if (event instanceof Storage.Truncated t) {
            blocked = false;
            // Appends queued before the truncation were answered before it; nothing after its point is in flight.
            lastAppended = Math.min(lastAppended, t.lastZxid());
            lastLogged = Math.min(lastLogged, t.lastZxid());
            if (deferredDecision != null) {
                ElectionEffect.Decided d = deferredDecision;
                deferredDecision = null;
                decided(d);
            } else {
                drainEffects();
            }
        } else if (event instanceof Storage.StorageFailed || event instanceof Storage.OutcomeUnknown) {
            // A replica whose log failed must not vote or ack: its promises would not be kept. It stops; the node with it.
            getContext().getLog().error("Server {}: the transaction log failed ({}); it can no longer take part", self,
                    event);
            w.metrics().mode = "failed";
            return Behaviors.stopped();
        }
        return this;
    }

    private void commit(List<Txn> txns) {
        if (txns.isEmpty()) {
            return;
        }
        List<Txn> batch = new ArrayList<>();
        for (Txn t : txns) {
            lastCommitted = t.zxid();
            List<StateMachine.SyncDone> before = settle(t);
            if (!before.isEmpty()) {
                // Syncs sent before this write whose answer was lost with a leader: answered now, before the write's reply.
                w.stateMachine().tell(new StateMachine.Commit(List.copyOf(batch)));
                batch.clear();
                before.forEach(w.stateMachine()::tell);
            }
            batch.add(t);
            if (state == ServerState.LEADING) {
                if (t.type() == OpCode.CLOSE_SESSION) {
                    tracker.remove(t.sessionId());
                }
            }
        }
        if (!batch.isEmpty()) {
            w.stateMachine().tell(new StateMachine.Commit(batch));
        }
        releaseSyncs(syncs);
        releaseSyncs(leaderSyncs);
    }

    /**
     * A committed txn answers the first write of its session in flight from here, if it is that write. Entries before
     * it can only be syncs whose answer was lost with a leader (a session's writes commit in the order sent); they are
     * answered by this commit's position, since everything committed before them is applied by now.
     */
    private List<StateMachine.SyncDone> settle(Txn t) {
        ArrayDeque<InFlight> mine = forwarded.get(t.sessionId());
        if (mine == null || mine.stream().noneMatch(f -> f.answers(t))) {
            return List.of();
        }
        List<StateMachine.SyncDone> before = new ArrayList<>();
        for (InFlight f = mine.pollFirst(); !f.answers(t); f = mine.pollFirst()) {
            if (f.syncPath() != null) {
                before.add(new StateMachine.SyncDone(t.sessionId(), f.cxid(), f.syncPath()));
            } else {
                getContext().getLog().warn("Server {}: session 0x{} write {} was passed by a later one of its writes",
                        self, Long.toHexString(t.sessionId()), f.cxid());
            }
        }
        if (mine.isEmpty()) {
            forwarded.remove(t.sessionId());
        }
        return before;
    }

    private void releaseSyncs(List<PendingSync> pending) {
        for (Iterator<PendingSync> it = pending.iterator(); it.hasNext(); ) {
            PendingSync p = it.next();
            if (p.zxid() <= lastCommitted) {
                p.action().run();
                it.remove();
            }
        }
    }

    private void established(ZabEffect.Established est) {
        serving = true;
        ticksNotServing = 0;
        if (clientsRefused) {
            clientsRefused = false;
            w.stateMachine().tell(new StateMachine.ClientsRefused(false));
        }
        w.metrics().mode = state == ServerState.LEADING ? "leader"
                : state == ServerState.OBSERVING ? "observer" : "follower";
        leaderSid = est.leader();
        servingEpoch = est.epoch();
        getContext().getLog().info("Server {} is serving as {} of epoch {} (leader {})", self, w.metrics().mode,
                est.epoch(), est.leader());
        if (state == ServerState.LEADING && w.recipes() != null) {
            w.recipes().tell(new RecipeHost.Leading(est.epoch()));
        }
        if (state == ServerState.LEADING) {
            // Deadlines from an earlier term of ours are long past; every live session gets a full timeout.
            tracker.clear();
            w.stateMachine().tell(new StateMachine.GetSessions(
                    getContext().messageAdapter(StateMachine.LiveSessions.class, s -> new LeaderSessions(s.timeouts()))));
        }
        servings++;
        if (syncedBySnapshot) {
            dropInDoubt();
        }
        if (!forwarded.isEmpty() && state != ServerState.LEADING) {
            // A request of ours may still be queued at this very leader (it led before, or took it while establishing):
            // its answer to a sync sent now comes after its answer to all of them, and after the proposals it made
            // of them. Whatever is still in flight once that sync point is applied was never taken, and is sent again.
            resuming = true;
            send(leaderSid, new PeerMessage.SyncRequest(self, servings, BARRIER, "/"));
        } else {
            resume();
        }
    }

    private void resume() {
        resuming = false;
        resubmitInDoubt();
        while (!held.isEmpty() && serving && !resuming) {
            onClient(held.pollFirst());
        }
    }

    private Behavior<Command> onLeaderSessions(LeaderSessions s) {
        long now = w.clock().getAsLong();
        // A new leader gives every session a full timeout to show up, as ZooKeeper's does.
        s.sessions().forEach((id, timeout) -> {
            if (!tracker.isTracked(id)) {
                tracker.add(id, timeout, now);
            }
        });
        return this;
    }

    // ---- clients ----

    private Behavior<Command> onClient(Sequencer.Command c) {
        if (c instanceof Sequencer.FencedSubmit f) {
            // A recipe instance writes only through the leader of the epoch it started in: never held for, or
            // forwarded to, a later one, so none of its writes can be ordered after a new leader took over.
            if (state == ServerState.LEADING && serving && !resuming && leader != null && leader.isServing()
                    && servingEpoch == f.epoch()) {
                return onClient(f.submit());
            }
            f.fencedTo().tell(new ConnectionEvent.WriteFenced(f.submit().cxid(), Math.max(servingEpoch, currentEpoch)));
            return this;
        }
        if (c instanceof Sequencer.Touch t) {
            touch(t.sessionId(), t.timeoutMs());
            return this;
        }
        if (c instanceof Sequencer.Revalidate r && serving) {
            revalidate(r);
            return this;
        }
        if (clientsRefused) {
            // Sent before its connection was closed, or by a connection that is closing: it is not taken.
            sendAway(c);
            return this;
        }
        if (!serving || resuming) {
            if (held.size() >= MAX_HELD_WRITES) {
                refuse(c, Code.CONNECTIONLOSS);
            } else {
                held.add(c);
            }
            return this;
        }
        if (c instanceof Sequencer.CreateSession cs) {
            long id = sessionIds.nextId();
            w.stateMachine().tell(new StateMachine.RegisterSession(id, cs.connection()));
            write(new Txn(0, 0, id, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(cs.timeoutMs())));
        } else if (c instanceof Sequencer.Submit s) {
            if (s.type() == OpCode.SYNC) {
                sync(s.sessionId(), s.cxid(), ((SyncRequest) s.body()).path());
            } else {
                write(new Txn(0, 0, s.sessionId(), s.cxid(), s.type(), s.auth(), s.body()));
            }
        }
        return this;
    }

    private void refuse(Sequencer.Command c, Code code) {
        if (c instanceof Sequencer.Submit s) {
            w.stateMachine().tell(new StateMachine.Rejected(s.sessionId(), s.cxid(), code.intValue()));
        } else if (c instanceof Sequencer.CreateSession cs) {
            cs.connection().tell(new ConnectionEvent.SessionClosed(0));
        } else if (c instanceof Sequencer.Revalidate r) {
            // No verdict from the ensemble can be had now; the local one stands.
            r.connection().tell(new ConnectionEvent.Revalidated(r.sessionId()));
        }
    }

    private void touch(long sessionId, int timeoutMs) {
        if (state == ServerState.LEADING) {
            long now = w.clock().getAsLong();
            if (timeoutMs > 0) {
                tracker.touch(sessionId, timeoutMs, now);
            } else {
                tracker.touch(sessionId, now);
            }
        } else {
            touched.merge(sessionId, timeoutMs, Math::max);
        }
    }

    private void write(Txn request) {
        if (state == ServerState.LEADING) {
            propose(request);
        } else {
            forwarded.computeIfAbsent(request.sessionId(), k -> new ArrayDeque<>()).add(new InFlight(request.cxid(), request, null, leaderSid));
            post(leaderSid, new PeerMessage.ForwardedWrite(self, request));
        }
    }

    private void propose(Txn request) {
        if (leader == null || !leader.isServing()) {
            return;
        }
        Txn t = new Txn(0, w.clock().getAsLong(), request.sessionId(), request.cxid(), request.type(), request.auth(),
                request.body());
        long now = w.clock().getAsLong();
        if (t.type() == OpCode.CREATE_SESSION) {
            tracker.add(t.sessionId(), ((CreateSessionTxn) t.body()).timeOut(), now);
        } else if (t.type() == OpCode.CLOSE_SESSION) {
            tracker.remove(t.sessionId());
        } else if (t.sessionId() != 0) {
            tracker.touch(t.sessionId(), now);
        }
        List<ZabEffect> out = leader.propose(t);
        lastProposed = Math.max(lastProposed, proposedZxid(out));
        run(out);
    }

    private static long proposedZxid(List<ZabEffect> out) {
        for (ZabEffect e : out) {
            if (e instanceof ZabEffect.AppendToLog a && !a.txns().isEmpty()) {
                return a.txns().get(a.txns().size() - 1).zxid();
            }
        }
        return 0;
    }

    private void sync(long sessionId, int cxid, String path) {
        StateMachine.SyncDone done = new StateMachine.SyncDone(sessionId, cxid, path);
        if (state == ServerState.LEADING) {
            leaderSyncs.add(new PendingSync(Math.max(lastProposed, lastCommitted), () -> w.stateMachine().tell(done),
                    () -> w.stateMachine().tell(done)));
            releaseSyncs(leaderSyncs);
        } else {
            forwarded.computeIfAbsent(sessionId, k -> new ArrayDeque<>()).add(new InFlight(cxid, null, path, leaderSid));
            send(leaderSid, new PeerMessage.SyncRequest(self, sessionId, cxid, path));
        }
    }

    private void revalidate(Sequencer.Revalidate r) {
        if (state == ServerState.LEADING) {
            // Everything the leader proposed is what the ensemble knows; once applied here, the verdict stands.
            leaderSyncs.add(new PendingSync(Math.max(lastProposed, lastCommitted),
                    () -> r.connection().tell(new ConnectionEvent.Revalidated(r.sessionId())), () -> held.add(r)));
            releaseSyncs(leaderSyncs);
        } else {
            revalidating.put(r.sessionId(), r.connection());
            send(leaderSid, new PeerMessage.SyncRequest(self, r.sessionId(), REVALIDATION, "/"));
        }
    }

    private Behavior<Command> onForwardedWrite(PeerMessage.ForwardedWrite f) {
        if (state != ServerState.LEADING || leader == null || !leader.isServing()) {
            send(f.from(), new PeerMessage.WriteRefused(self, f.request().sessionId(), f.request().cxid(),
                    Code.CONNECTIONLOSS.intValue()));
            return this;
        }
        propose(f.request());
        return this;
    }

    private Behavior<Command> onSyncRequest(PeerMessage.SyncRequest s) {
        if (state == ServerState.LEADING && serving) {
            // Everything proposed so far reaches the follower before this answer: the link is FIFO.
            send(s.from(), new PeerMessage.SyncPoint(self, s.sessionId(), s.cxid(), s.path(),
                    Math.max(lastProposed, lastCommitted)));
        } else {
            send(s.from(), new PeerMessage.WriteRefused(self, s.sessionId(), s.cxid(), Code.CONNECTIONLOSS.intValue()));
        }
        return this;
    }

    private Behavior<Command> onSyncPoint(PeerMessage.SyncPoint p) {
        if (p.cxid() == BARRIER) {
            if (resuming && p.sessionId() == servings && p.from() == leaderSid) {
                syncs.add(new PendingSync(p.zxid(), this::resume, () -> { }));
                releaseSyncs(syncs);
            }
            return this;
        }
        if (p.cxid() == REVALIDATION) {
            ActorRef<ConnectionEvent> connection = revalidating.remove(p.sessionId());
            if (connection != null) {
                syncs.add(new PendingSync(p.zxid(), () -> connection.tell(new ConnectionEvent.Revalidated(p.sessionId())),
                        () -> held.add(new Sequencer.Revalidate(p.sessionId(), connection))));
            }
        } else {
            // Writes sent before the sync may still be ahead of it (the leader answers a sync before it commits them).
            ArrayDeque<InFlight> mine = forwarded.get(p.sessionId());
            InFlight entry = mine == null ? null : mine.stream()
                    .filter(f -> f.syncPath() != null && f.cxid() == p.cxid() && f.to() == p.from())
                    .findFirst().orElse(null);
            if (entry == null) {
                return this; // a sync already answered, or sent again elsewhere: its answer comes from there
            }
            mine.remove(entry);
            StateMachine.SyncDone done = new StateMachine.SyncDone(p.sessionId(), p.cxid(), p.path());
            syncs.add(new PendingSync(p.zxid(), () -> w.stateMachine().tell(done),
                    () -> inOrder(p.sessionId(), entry)));
        }
        releaseSyncs(syncs);
        return this;
    }

    private Behavior<Command> onTouches(PeerMessage.Touches t) {
        if (state == ServerState.LEADING) {
            for (int i = 0; i < t.sessionIds().length; i++) {
                touch(t.sessionIds()[i], t.timeouts()[i]);
            }
        }
        return this;
    }

    private Behavior<Command> onWriteRefused(PeerMessage.WriteRefused r) {
        if (r.cxid() == BARRIER) {
            return this; // that leader is not serving any more: this server will look for the next one
        }
        if (r.cxid() == REVALIDATION) {
            ActorRef<ConnectionEvent> connection = revalidating.remove(r.sessionId());
            if (connection != null) {
                // The leader is not serving: ask again once one is.
                held.add(new Sequencer.Revalidate(r.sessionId(), connection));
            }
            return this;
        }
        ArrayDeque<InFlight> mine = forwarded.get(r.sessionId());
        if (mine == null || mine.isEmpty() || mine.peekFirst().cxid() != r.cxid() || mine.peekFirst().to() != r.from()) {
            return this; // the refusal of a request already sent again elsewhere: its answer will come from there
        }
        mine.pollFirst();
        w.stateMachine().tell(new StateMachine.Rejected(r.sessionId(), r.cxid(), r.err()));
        return this;
    }

    /**
     * The leader is gone with requests of our clients in flight. Their connections stay open: once a new leader has
     * synchronised this server, each forwarded write is either in the history it received (and answered by its commit,
     * see {@link #settle}) or was never committed and never will be (a new epoch's history holds every committed
     * proposal; the rest is truncated), so it is sent again, in order (ZooKeeper's follower closes every connection
     * instead, and the clients reconnect after a random pause). Syncs are asked again; revalidations wait for a leader.
     */
    private void keepInDoubt() {
        // Syncs whose sync point came go back among their session's requests in flight, to be asked again in order.
        syncs.forEach(p -> p.again().run());
        syncs.clear();
        // Connections waiting for a verdict ask again: their Revalidate is held until a leader is established.
        revalidating.forEach((session, connection) -> held.add(new Sequencer.Revalidate(session, connection)));
        revalidating.clear();
    }

    /** Puts a request back among its session's others by its cxid, which the client numbered in the order it sent. */
    private void inOrder(long sessionId, InFlight entry) {
        ArrayDeque<InFlight> mine = forwarded.computeIfAbsent(sessionId, k -> new ArrayDeque<>());
        List<InFlight> all = new ArrayList<>(mine);
        all.add(entry);
        all.sort((a, b) -> Integer.compare(a.cxid(), b.cxid()));
        mine.clear();
        mine.addAll(all);
    }

    /**
     * Without a quorum for syncLimit ticks (a partitioned minority, or an ensemble that lost its majority), this server
     * sends its clients away as ZooKeeper's does when it is not serving: every connection closes and new ones are
     * refused until it serves again, so clients move to servers that can serve them and keep their sessions there.
     * An ordinary leader change is over well before this, and its requests in flight keep their connections.
     */
    private void refuseClients() {
        getContext().getLog().warn("Server {} has not served for {} ticks; closing its client connections until it does",
                self, ticksNotServing);
        clientsRefused = true;
        dropInDoubt();
        held.forEach(this::sendAway);
        held.clear();
        touched.clear();
        w.stateMachine().tell(new StateMachine.ClientsRefused(true));
    }

    /** Closes the connection a client command came from, so that its client tries another server. */
    private void sendAway(Sequencer.Command c) {
        if (c instanceof Sequencer.Submit s) {
            w.stateMachine().tell(new StateMachine.DropConnection(s.sessionId()));
        } else if (c instanceof Sequencer.CreateSession cs) {
            cs.connection().tell(new ConnectionEvent.SessionClosed(0));
        } else if (c instanceof Sequencer.Revalidate r) {
            r.connection().tell(new ConnectionEvent.SessionMoved(r.sessionId()));
        }
    }

    /** A snapshot replaced our state: commits it covered answered nobody, so the outcome of those requests is unknown. */
    private void dropInDoubt() {
        syncedBySnapshot = false;
        forwarded.forEach((session, requests) -> {
            if (!requests.isEmpty()) {
                // As ZooKeeper does for every connection at a leader change: the client reconnects and keeps its session.
                w.stateMachine().tell(new StateMachine.DropConnection(session));
            }
        });
        forwarded.clear();
    }

    /** What is still in flight now was never committed and never will be: it goes to the leader again, in order. */
    private void resubmitInDoubt() {
        Map<Long, ArrayDeque<InFlight>> inDoubt = new HashMap<>(forwarded);
        forwarded.clear();
        inDoubt.forEach((session, requests) -> {
            for (InFlight f : requests) {
                if (f.write() != null) {
                    write(f.write());
                } else {
                    sync(session, f.cxid(), f.syncPath());
                }
            }
        });
    }

    // ---- time ----

    private Behavior<Command> onTick() {
        if (!serving && ++ticksNotServing >= w.ensemble().syncLimit() && !clientsRefused) {
            refuseClients();
        }
        if (leader != null) {
            run(leader.onTick());
        } else if (follower != null) {
            run(follower.onTick());
        }
        if (state == ServerState.LEADING && serving) {
            for (long expired : tracker.expire(w.clock().getAsLong())) {
                getContext().getLog().info("Expiring session 0x{}", Long.toHexString(expired));
                propose(new Txn(0, 0, expired, 0, OpCode.CLOSE_SESSION, List.of(), null));
            }
        } else if (serving && !touched.isEmpty() && leaderSid >= 0) {
            long[] ids = new long[touched.size()];
            int[] timeouts = new int[touched.size()];
            int i = 0;
            for (Map.Entry<Long, Integer> e : touched.entrySet()) {
                ids[i] = e.getKey();
                timeouts[i++] = e.getValue();
            }
            touched.clear();
            send(leaderSid, new PeerMessage.Touches(self, ids, timeouts));
        }
        return this;
    }

    private void send(long sid, PeerMessage m) {
        flushOutbox();
        deliver(sid, m, sizes.of(m));
    }

    /** Sends {@code m}, of about {@code size} bytes on the wire, in pieces if it would not fit one frame. */
    private void deliver(long sid, PeerMessage m, int size) {
        ActorRef<Command> to = w.directory().peer(sid);
        if (to == null) {
            return;
        }
        if (size <= Fragments.MAX_BYTES) {
            to.tell(m);
        } else {
            Fragments.split(m, Fragments.MAX_BYTES, size).forEach(to::tell);
        }
    }

    private Behavior<Command> onFragment(PeerMessage.Fragment f) throws Exception {
        PeerMessage whole;
        try {
            whole = fragments.accept(f);
        } catch (NotSerializableException e) {
            getContext().getLog().warn("Server {} dropped a message from server {} that did not decode: {}", self,
                    f.from(), e.getMessage());
            return this;
        }
        if (whole == null) {
            return this;
        }
        if (whole.from() != f.from() || whole instanceof PeerMessage.Fragment) {
            getContext().getLog().warn("Server {} dropped a reassembled {} from server {} (it names server {})", self,
                    whole.getClass().getSimpleName(), f.from(), whole.from());
            return this;
        }
        // Handled now, as if it had arrived whole; told to ourselves instead, it would queue behind what the same
        // server sent after it, and the link would no longer be FIFO.
        return receive(getContext(), whole);
    }
}
