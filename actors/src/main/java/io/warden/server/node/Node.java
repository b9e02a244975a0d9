package io.warden.server.node;

import io.warden.persistence.Purger;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.config.ServerConfig;
import io.warden.server.frontend.Frontend;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.replication.EpochStore;
import io.warden.server.replication.LogHistory;
import io.warden.server.replication.Peer;
import io.warden.server.replication.PeerDirectory;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.SnapshotWriter;
import io.warden.server.storage.Storage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of one server: starts storage, the state machine, the write path (the standalone sequencer, or the
 * ensemble peer) and the client frontend, from a database already recovered from disk. A child that stops stops the
 * node: a server that cannot log must not serve.
 */
public final class Node {
    private Node() {
    }

    public static Behavior<Void> create(ServerConfig config, Recovery.Recovered recovered, ServerMetrics metrics,
                                        CompletableFuture<InetSocketAddress> bound) {
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
            ActorRef<Sequencer.Command> writes = config.isReplicated()
                    ? peer(ctx, config, recovered, storage, stateMachine, metrics)
                    : ctx.spawn(Sequencer.create(storage, stateMachine, db.lastZxid(), 0, config.tickTime(),
                            config.containerCheckIntervalMs(), System::currentTimeMillis), "sequencer");
            ServerConfig clientSide = clientSide(config);
            ActorRef<Frontend.Command> frontend = ctx.spawn(
                    Frontend.create(clientSide, stateMachine, writes, metrics, bound), "frontend");
            ctx.watch(storage);
            // Until the writer says a snapshot is done, the state machine keeps every node version it changes.
            ctx.watch(snapshotWriter);
            ctx.watch(stateMachine);
            ctx.watch(frontend);
            return Behaviors.<Void>receive(Void.class)
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
    private static ActorRef<Sequencer.Command> peer(ActorContext<Void> ctx, ServerConfig config, Recovery.Recovered recovered,
                                                    ActorRef<Storage.Command> storage,
                                                    ActorRef<StateMachine.Command> stateMachine, ServerMetrics metrics)
            throws java.io.IOException {
        EpochStore epochs = EpochStore.open(config.dataDir());
        Peer.Wiring wiring = new Peer.Wiring(config.ensemble(), config.tickTime(), config.containerCheckIntervalMs(), storage,
                stateMachine, new LogHistory(recovered.log(), recovered.snapshots(),
                        new StateOptions(config.extendedTypesEnabled())),
                recovered.snapshots(), epochs, recovered.db().lastZxid(),
                PeerDirectory.resolve(ctx.getSystem(), config.ensemble()), metrics, System::currentTimeMillis);
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
