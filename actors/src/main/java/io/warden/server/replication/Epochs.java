package io.warden.server.replication;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.pekko.WardenJournal;
import io.warden.persistence.pekko.WardenSnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.DeleteEventsFailed;
import org.apache.pekko.persistence.typed.DeleteSnapshotsFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Zab's two durable promises of a server, event sourced: the newest epoch it accepted (it will follow no older
 * leader) and the epoch whose history its log holds. A raise is answered only once its event is synced to the
 * server's own journal ({@link WardenJournal} under the data directory), because a server that forgets a promise
 * after a crash can help elect two leaders for one epoch. A journal failure stops this actor, and with it the server.
 * Epochs only rise, so an election or two leave a few events; a snapshot every {@link #SNAPSHOT_EVERY} of them lets
 * the journal drop the older ones.
 */
public final class Epochs extends EventSourcedBehavior<Epochs.Command, Epochs.Event, Epochs.Promises> {
    /** One epochs actor per server, and each server has its own journal directory, so the id need not vary. */
    public static final String PERSISTENCE_ID = "warden-epochs";
    static final String JOURNAL = "warden.epochs.journal";
    static final String SNAPSHOTS = "warden.epochs.snapshot-store";
    static final int SNAPSHOT_EVERY = 16;

    /** What Pekko serializes for this actor: its events and its snapshots (bound to {@link EpochsSerializer}). */
    public interface Durable {
    }

    public sealed interface Command {
    }

    /** Replies the promises as recovered; sent after a start, it is answered once recovery is over. */
    public record Get(ActorRef<Promises> replyTo) implements Command {
    }

    /** Raises the promises to at least {@code floor} (epochs kept by an older release), then replies them. */
    public record Adopt(Promises floor, ActorRef<Promises> replyTo) implements Command {
    }

    public record RaiseAccepted(long epoch, ActorRef<Outcome> replyTo) implements Command {
    }

    public record RaiseCurrent(long epoch, ActorRef<Outcome> replyTo) implements Command {
    }

    public sealed interface Outcome {
    }

    /** The raise is durable (or was already): these are the promises now on disk. */
    public record Saved(Promises promises) implements Outcome {
    }

    /** An epoch lower than the one already promised: Zab never asks for that, so the asker has a bug. */
    public record Refused(String reason) implements Outcome {
    }

    public sealed interface Event extends Durable {
    }

    public record AcceptedEpochRaised(long epoch) implements Event {
    }

    public record CurrentEpochRaised(long epoch) implements Event {
    }

    public record Promises(long accepted, long current) implements Durable {
        public static final Promises NONE = new Promises(0, 0);
    }

    /** What a Peer needs of the epochs: where to raise them, and their value when it starts. */
    public record Recovered(ActorRef<Command> keeper, Promises promises) {
    }

    /** The journal and snapshot store of one server's epochs, in {@code dir}, given to Pekko at run time. */
    public static Config plugins(Path dir, boolean forceSync) {
        return plugins(WardenJournal.class.getName(), dir, forceSync);
    }

    /**
     * As {@link #plugins(Path, boolean)}, under whatever the actor system's own settings say at {@code warden.epochs}
     * (nothing, unless an operator or a test wants another journal).
     */
    public static Config plugins(Config system, Path dir, boolean forceSync) {
        return system.withOnlyPath("warden.epochs").withFallback(plugins(dir, forceSync));
    }

    /**
     * Pekko fails a journal call that takes longer than its circuit breaker's call timeout (10 s by default), and a
     * failed raise stops the server; a slow disk or a starved machine is no reason for that, so only a disk that
     * stalls for minutes stops it. Zab's own timeouts meanwhile let the other servers move on.
     */
    private static final String PATIENCE = "120s";

    static Config plugins(String journalClass, Path dir, boolean forceSync) {
        return ConfigFactory.parseMap(Map.of(
                JOURNAL + ".class", journalClass,
                JOURNAL + ".dir", dir.resolve("journal").toAbsolutePath().toString(),
                JOURNAL + ".force-sync", forceSync,
                JOURNAL + ".circuit-breaker.call-timeout", PATIENCE,
                JOURNAL + ".recovery-event-timeout", PATIENCE,
                SNAPSHOTS + ".class", WardenSnapshotStore.class.getName(),
                SNAPSHOTS + ".dir", dir.resolve("snapshots").toAbsolutePath().toString(),
                SNAPSHOTS + ".circuit-breaker.call-timeout", PATIENCE));
    }

    public static Behavior<Command> create(Config plugins) {
        return Behaviors.setup(ctx -> new Epochs(ctx, plugins));
    }

    private final ActorContext<Command> ctx;
    private final Config plugins;

    private Epochs(ActorContext<Command> ctx, Config plugins) {
        super(PersistenceId.ofUniqueId(PERSISTENCE_ID));
        this.ctx = ctx;
        this.plugins = plugins;
    }

    @Override
    public Promises emptyState() {
        return Promises.NONE;
    }

    @Override
    public CommandHandler<Command, Event, Promises> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s))
                .onCommand(Adopt.class, this::adopt)
                .onCommand(RaiseAccepted.class, (s, c) ->
                        raise(s, "accepted", s.accepted(), c.epoch(), new AcceptedEpochRaised(c.epoch()), c.replyTo()))
                .onCommand(RaiseCurrent.class, (s, c) ->
                        raise(s, "current", s.current(), c.epoch(), new CurrentEpochRaised(c.epoch()), c.replyTo()))
                .build();
    }

    private Effect<Event, Promises> raise(Promises s, String which, long promised, long epoch, Event event,
                                          ActorRef<Outcome> replyTo) {
        if (epoch == promised) {
            return Effect().reply(replyTo, new Saved(s));
        } else if (epoch < promised) {
            return Effect().reply(replyTo, new Refused("the " + which + " epoch is " + promised + "; " + epoch
                    + " would lower it"));
        }
        return Effect().persist(event).thenReply(replyTo, Saved::new);
    }

    private Effect<Event, Promises> adopt(Promises s, Adopt c) {
        List<Event> raises = new ArrayList<>(2);
        if (c.floor().accepted() > s.accepted()) {
            raises.add(new AcceptedEpochRaised(c.floor().accepted()));
        }
        if (c.floor().current() > s.current()) {
            raises.add(new CurrentEpochRaised(c.floor().current()));
        }
        return raises.isEmpty() ? Effect().reply(c.replyTo(), s)
                : Effect().persist(raises).thenReply(c.replyTo(), p -> p);
    }

    @Override
    public EventHandler<Promises, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(AcceptedEpochRaised.class, (s, e) -> new Promises(e.epoch(), s.current()))
                .onEvent(CurrentEpochRaised.class, (s, e) -> new Promises(s.accepted(), e.epoch()))
                .build();
    }

    @Override
    public SignalHandler<Promises> signalHandler() {
        // Snapshots and deletions only bound the journal's size; failing them loses nothing, so they are reported.
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), s -> ctx.getLog().info(
                        "Recovered epochs: accepted {}, current {}", s.accepted(), s.current()))
                .onSignal(SnapshotFailed.class, (s, f) -> ctx.getLog().warn(
                        "Could not snapshot the epochs: {}", f.getFailure().toString()))
                .onSignal(DeleteSnapshotsFailed.class, (s, f) -> ctx.getLog().warn(
                        "Could not delete old snapshots of the epochs: {}", f.getFailure().toString()))
                .onSignal(DeleteEventsFailed.class, (s, f) -> ctx.getLog().warn(
                        "Could not delete old epoch events: {}", f.getFailure().toString()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public String journalPluginId() {
        return JOURNAL;
    }

    @Override
    public String snapshotPluginId() {
        return SNAPSHOTS;
    }

    @Override
    public Optional<Config> journalPluginConfig() {
        return Optional.of(plugins);
    }

    @Override
    public Optional<Config> snapshotPluginConfig() {
        return Optional.of(plugins);
    }
}
