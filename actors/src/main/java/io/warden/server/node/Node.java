package io.warden.server.node;

import io.warden.persistence.Purger;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.config.ServerConfig;
import io.warden.server.frontend.Frontend;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.recipes.RecipeHost;
import io.warden.server.recipes.RecipeSpec;
import io.warden.server.replication.Epochs;
import io.warden.server.replication.LegacyEpochFile;
import io.warden.server.replication.LogHistory;
import io.warden.server.replication.Peer;
import io.warden.server.replication.PeerDirectory;
import io.warden.server.replication.PeerLinks;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.SnapshotWriter;
import io.warden.server.storage.Storage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of one server: starts storage, the state machine, the write path (the standalone sequencer, or the
 * ensemble peer) and the client frontend, from a database already recovered from disk. In an ensemble the peer and
 * the frontend start only once the epochs actor has recovered Zab's epochs. A child that stops stops the node: a
 * server that cannot log must not serve.
 */
public final class Node {
    private Node() {
    }

    /** What the guardian hears: only its own children's answers. */
    public sealed interface Command {
    }

    private record EpochsRecovered(ActorRef<Epochs.Command> keeper, Epochs.Promises promises) implements Command {
    }

    private record RecoveryDone(Recovery.Recovered recovered, Throwable failure) implements Command {
    }

    /**
     * As below, with the database still being recovered on another thread: the actor system (and, in an ensemble,
     * the cluster transport) starts meanwhile instead of after it. If recovery fails the node stops; whoever started
     * the recovery reports its error.
     */
    public static Behavior<Command> create(ServerConfig config, CompletionStage<Recovery.Recovered> recovering,
                                           ServerMetrics metrics, CompletableFuture<InetSocketAddress> bound,
                                           PeerLinks links, List<RecipeSpec> recipes) {
        return Behaviors.setup(ctx -> {
            ctx.pipeToSelf(recovering, RecoveryDone::new);
            return Behaviors.receive(Command.class)
                    .onMessage(RecoveryDone.class, d -> d.failure() != null ? Behaviors.stopped()
                            : create(config, d.recovered(), metrics, bound, links, recipes))
                    .build();
        });
    }

    public static Behavior<Command> create(ServerConfig config, Recovery.Recovered recovered, ServerMetrics metrics,
                                           CompletableFuture<InetSocketAddress> bound) {
        return create(config, recovered, metrics, bound, PeerLinks.DIRECT, List.of());
    }

    /**
     * As above, with the ensemble peer's links to the others going through {@code links} (tests inject faults), and
     * the recipe plugins to run while this server leads.
     */
    public static Behavior<Command> create(ServerConfig config, Recovery.Recovered recovered, ServerMetrics metrics,
                                           CompletableFuture<InetSocketAddress> bound, PeerLinks links,
                                           List<RecipeSpec> recipes) {
        return Behaviors.setup(ctx -> {
            ZkDatabase db = recovered.db();
            ActorRef<Storage.Command> storage = ctx.spawn(Storage.create(recovered.log()), "storage",
                    DispatcherSelector.fromConfig("warden.storage-dispatcher"));
            Optional<SnapshotWriter.AutoPurge> autoPurge = config.purgeIntervalHours() > 0
                    ? Optional.of(new SnapshotWriter.AutoPurge(
                            new Purger(recovered.snapshots(), recovered.log(), config.snapRetainCount()),
                            Duration.ofHours(config.purgeIntervalHours())))
                    : Optional.empty();
            ActorRef<SnapshotWriter.Command> snapshotWriter = ctx.spawn(
                    SnapshotWriter.create(recovered.snapshots(), autoPurge), "snapshot-writer",
                    DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
            StateMachine.SnapshotSink snapshots = (image, finished) -> snapshotWriter.tell(
                    new SnapshotWriter.Write(image.lastZxid(), image::serialize, null, finished));
            ActorRef<StateMachine.Command> stateMachine = ctx.spawn(
                    StateMachine.create(db, SnapInterval.forServer(config.snapCount(), System.nanoTime()), snapshots),
                    "state-machine");
            ctx.watch(storage);
            // Until the writer says a snapshot is done, the state machine keeps every node version it changes.
            ctx.watch(snapshotWriter);
            ctx.watch(stateMachine);
            ActorRef<RecipeHost.Command> host = recipes.isEmpty() ? null
                    : ctx.spawn(RecipeHost.create(recipes, stateMachine, metrics.recipes), "recipes");
            if (config.isReplicated()) {
                recoverEpochs(ctx, config);
            } else {
                ActorRef<Sequencer.Command> sequencer = ctx.spawn(Sequencer.create(storage, stateMachine,
                        db.lastZxid(), 0, config.tickTime(), config.containerCheckIntervalMs(),
                        System::currentTimeMillis, host), "sequencer");
                serve(ctx, config, metrics, bound, stateMachine, sequencer);
                if (host != null) {
                    host.tell(new RecipeHost.WritesTo(sequencer));
                }
            }
            return Behaviors.receive(Command.class)
                    .onMessage(EpochsRecovered.class, r -> {
                        try {
                            LegacyEpochFile.adopted(config.dataDir());
                        } catch (IOException e) {
                            // Harmless: the next start adopts the same epochs again, which raises nothing.
                            ctx.getLog().warn("Could not delete the old epochs file: {}", e.toString());
                        }
                        ActorRef<Sequencer.Command> writes = peer(ctx, config, recovered, storage, stateMachine, metrics, r,
                                links, host);
                        serve(ctx, config, metrics, bound, stateMachine, writes);
                        if (host != null) {
                            host.tell(new RecipeHost.WritesTo(writes));
                        }
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        ctx.getLog().error("{} stopped; stopping the server", t.getRef().path().name());
                        if (!bound.isDone()) {
                            bound.completeExceptionally(new IllegalStateException(t.getRef().path().name() + " stopped"));
                        }
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    private static void serve(ActorContext<Command> ctx, ServerConfig config, ServerMetrics metrics,
                              CompletableFuture<InetSocketAddress> bound, ActorRef<StateMachine.Command> stateMachine,
                              ActorRef<Sequencer.Command> writes) {
        ActorRef<Frontend.Command> frontend = ctx.spawn(
                Frontend.create(clientSide(config), stateMachine, writes, metrics, bound), "frontend");
        ctx.watch(frontend);
    }

    /**
     * Starts the epochs actor on its journal under the data directory; it answers once recovered (and, on the first
     * start after an upgrade, once the old epochs file's promises are in its journal).
     */
    private static void recoverEpochs(ActorContext<Command> ctx, ServerConfig config) throws IOException {
        Optional<Epochs.Promises> legacy = LegacyEpochFile.setAside(config.dataDir());
        legacy.ifPresent(p -> ctx.getLog().info("Adopting the epochs of an older release's epochs file: accepted {}, "
                + "current {}", p.accepted(), p.current()));
        ActorRef<Epochs.Command> keeper = ctx.spawn(Epochs.create(
                Epochs.plugins(ctx.getSystem().settings().config(), LegacyEpochFile.epochsDir(config.dataDir()),
                        config.forceSync())), "epochs");
        ctx.watch(keeper);
        keeper.tell(new Epochs.Adopt(legacy.orElse(Epochs.Promises.NONE),
                ctx.messageAdapter(Epochs.Promises.class, p -> new EpochsRecovered(keeper, p))));
    }

    /** A server line may carry its own client address (server.N=...;[address:]port), as in ZooKeeper 3.5+. */
    private static ServerConfig clientSide(ServerConfig config) {
        if (!config.isReplicated() || config.ensemble().me().clientPort() == 0) {
            return config;
        }
        EnsembleConfig.Member me = config.ensemble().me();
        ServerConfig c = config.withClientPort(me.clientPort());
        return me.clientAddress() == null ? c : c.withClientPortAddress(me.clientAddress());
    }

    /** The ensemble's write path: clients' writes reach the peer through an adapter with the sequencer's protocol. */
    private static ActorRef<Sequencer.Command> peer(ActorContext<Command> ctx, ServerConfig config, Recovery.Recovered recovered,
                                                    ActorRef<Storage.Command> storage,
                                                    ActorRef<StateMachine.Command> stateMachine, ServerMetrics metrics,
                                                    EpochsRecovered epochs, PeerLinks links,
                                                    ActorRef<RecipeHost.Command> recipes) {
        Peer.Wiring wiring = new Peer.Wiring(config.ensemble(), config.tickTime(), config.containerCheckIntervalMs(), storage,
                stateMachine, new LogHistory(recovered.log(), recovered.snapshots(),
                        new StateOptions(config.extendedTypesEnabled())),
                recovered.snapshots(), new Epochs.Recovered(epochs.keeper(), epochs.promises()),
                recovered.db().lastZxid(),
                links.wrap(ctx, config.ensemble().myId(), PeerDirectory.resolve(ctx.getSystem(), config.ensemble())),
                metrics, System::currentTimeMillis, recipes);
        ActorRef<Peer.Command> peer = ctx.spawn(Peer.create(wiring), "peer");
        ctx.watch(peer);
        return ctx.spawn(Behaviors.receive(Sequencer.Command.class)
                .onAnyMessage(m -> {
                    peer.tell(new Peer.FromClients(m));
                    return Behaviors.same();
                })
                .build(), "client-writes");
    }
}
