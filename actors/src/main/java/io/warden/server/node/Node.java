package io.warden.server.node;

import io.warden.persistence.Purger;
import io.warden.server.config.ServerConfig;
import io.warden.server.frontend.Frontend;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.state.ZkDatabase;
import io.warden.server.statemachine.StateMachine;
import io.warden.server.storage.SnapshotWriter;
import io.warden.server.storage.Storage;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of one standalone server: starts storage, the state machine, the sequencer and the client frontend, in
 * that order, from a database already recovered from disk. Its children's failures stop the node: a server that cannot
 * log must not serve.
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
            // ZooKeeper purges on a timer; purging right after each snapshot keeps the same retention with one writer.
            Optional<Purger> purger = config.purgeIntervalHours() > 0
                    ? Optional.of(new Purger(recovered.snapshots(), recovered.log(), config.snapRetainCount()))
                    : Optional.empty();
            ActorRef<SnapshotWriter.Command> snapshotWriter = ctx.spawn(
                    SnapshotWriter.create(recovered.snapshots(), purger), "snapshot-writer",
                    DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
            StateMachine.SnapshotSink snapshots = (zxid, content) ->
                    snapshotWriter.tell(new SnapshotWriter.Write(zxid, content, null));
            ActorRef<StateMachine.Command> stateMachine = ctx.spawn(
                    StateMachine.create(db, SnapInterval.forServer(config.snapCount(), System.nanoTime()), snapshots),
                    "state-machine");
            ActorRef<Sequencer.Command> sequencer = ctx.spawn(
                    Sequencer.create(storage, stateMachine, db.lastZxid(), 0, config.tickTime(),
                            config.containerCheckIntervalMs(), System::currentTimeMillis),
                    "sequencer");
            ActorRef<Frontend.Command> frontend = ctx.spawn(
                    Frontend.create(config, stateMachine, sequencer, metrics, bound), "frontend");
            ctx.watch(storage);
            ctx.watch(stateMachine);
            ctx.watch(sequencer);
            ctx.watch(frontend);
            return Behaviors.<Void>receive(Void.class)
                    .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> {
                        ctx.getLog().error("{} stopped; stopping the server", t.getRef().path().name());
                        if (!bound.isDone()) {
                            bound.completeExceptionally(new IllegalStateException(t.getRef().path().name() + " stopped"));
                        }
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }
}
