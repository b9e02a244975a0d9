package io.warden.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.log.TxnLog;
import io.warden.server.config.EnsembleConfig;
import io.warden.server.config.ServerConfig;
import io.warden.server.replication.PeerDirectory;
import io.warden.server.replication.PeerLinks;
import io.warden.server.replication.PeerMessage;
import io.warden.server.replication.PeerSerializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.node.Node;
import io.warden.server.node.OwnThread;
import io.warden.server.node.Recovery;
import io.warden.server.recipes.RecipeLoader;
import io.warden.server.recipes.RecipeSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running standalone Warden server: recovers its data from disk, then serves ZooKeeper clients until closed.
 * This is what {@code bin/warden server} runs, and what tests embed.
 */
public final class WardenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WardenServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ServerConfig config;
    private final ActorSystem<Node.Command> system;
    private final Recovery.Recovered storage;
    private final InetSocketAddress address;
    private final ServerMetrics metrics;

    private WardenServer(ServerConfig config, ActorSystem<Node.Command> system, Recovery.Recovered storage, InetSocketAddress address,
                         ServerMetrics metrics) {
        this.config = config;
        this.system = system;
        this.storage = storage;
        this.address = address;
        this.metrics = metrics;
    }

    public static WardenServer start(ServerConfig config) {
        return start(config, ConfigFactory.empty());
    }

    /** Starts a server; {@code overrides} are Pekko settings layered over Warden's defaults. */
    public static WardenServer start(ServerConfig config, Config overrides) {
        return start(config, overrides, UnaryOperator.identity());
    }

    /** As {@link #start(ServerConfig, Config)}, with the log wrapped by {@code wrapLog} (tests: a failing disk). */
    public static WardenServer start(ServerConfig config, Config overrides, UnaryOperator<TxnLog> wrapLog) {
        return start(config, overrides, wrapLog, PeerLinks.DIRECT);
    }

    /**
     * As {@link #start(ServerConfig, Config, UnaryOperator)}, with this server's messages to the other servers of its
     * ensemble going through {@code links}: the seam Warden's TestKit uses to drop, delay and cut them.
     */
    public static WardenServer start(ServerConfig config, Config overrides, UnaryOperator<TxnLog> wrapLog, PeerLinks links) {
        // A recipe that cannot be made stops the start before anything else happens, naming its config line.
        List<RecipeSpec> recipes = RecipeLoader.load(config.recipes(), config.minSessionTimeout(),
                config.maxSessionTimeout());
        // Recovery (snapshot load, log replay) and the actor system's start are both seconds of CPU on a big tree or
        // a loaded machine, and neither needs the other until the node starts its children: they run side by side.
        CompletableFuture<Recovery.Recovered> recovering = OwnThread.start("warden-recovery",
                () -> Recovery.recover(config, wrapLog));
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        ServerMetrics metrics = new ServerMetrics();
        ActorSystem<Node.Command> system;
        try {
            system = ActorSystem.create(
                    Node.create(config, recovering, metrics, bound, links, recipes),
                    PeerDirectory.SYSTEM_NAME,
                    settings(overrides, config));
        } catch (RuntimeException e) {
            recovering.thenAccept(Recovery.Recovered::close);
            throw e;
        }
        Recovery.Recovered recovered;
        try {
            // As long as it takes: START_TIMEOUT is for what follows.
            recovered = OwnThread.await(recovering, RuntimeException.class);
        } catch (RuntimeException | Error e) {
            system.terminate();
            awaitTermination(system);
            throw e;
        }
        try {
            InetSocketAddress address = bound.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Warden is serving on {} (data in {}, last zxid 0x{})", address, config.dataDir().toAbsolutePath(),
                    Long.toHexString(recovered.db().lastZxid()));
            return new WardenServer(config, system, recovered, address, metrics);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            system.terminate();
            awaitTermination(system);
            recovered.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Warden did not start: " + cause.getMessage(), cause);
        }
    }

    /** {@code overrides}, then the ensemble's settings, then Warden's values for Pekko's keys, then everything else. */
    static Config settings(Config overrides, ServerConfig config) {
        return overrides.withFallback(ensembleSettings(config))
                .withFallback(ConfigFactory.parseResources(WardenServer.class.getClassLoader(), "warden-pekko.conf"))
                .withFallback(ConfigFactory.load()).resolve();
    }

    /**
     * Replicated mode: this server's actor system joins the others' as a Pekko Cluster on its quorum port. The cluster
     * is membership and transport only (no downing: quorums are Zab's business), and peer messages use Warden's binary
     * serializer on the large-message channel. Its frames are kept small: Artery keeps a pool of direct buffers of the
     * largest frame size per link (with 64 MiB frames a loaded server held 120-190 MB more) and drops a message that
     * does not fit; the Peer cuts its batches at 1 MiB and sends snapshots and long diffs in 1 MiB pieces.
     */
    static Config ensembleSettings(ServerConfig config) {
        if (!config.isReplicated()) {
            return ConfigFactory.empty();
        }
        EnsembleConfig.Member me = config.ensemble().me();
        List<String> seeds = config.ensemble().members().values().stream().map(PeerDirectory::address).toList();
        Map<String, Object> s = new HashMap<>();
        s.put("pekko.actor.provider", "cluster");
        s.put("pekko.remote.artery.canonical.hostname", me.host());
        s.put("pekko.remote.artery.canonical.port", me.quorumPort());
        s.put("pekko.cluster.seed-nodes", seeds);
        s.put("pekko.cluster.downing-provider-class", "");
        s.put("pekko.cluster.retry-unsuccessful-join-after", "2s");
        s.put("pekko.cluster.jmx.enabled", "off");
        s.put("pekko.cluster.log-info", "off");
        // Leaving the cluster gracefully needs the others to converge, which they cannot when they are gone; Zab does
        // not depend on it, so a stopping server waits for it only briefly.
        for (String phase : List.of("cluster-leave", "cluster-exiting", "cluster-exiting-done", "cluster-shutdown")) {
            s.put("pekko.coordinated-shutdown.phases." + phase + ".timeout", "2s");
        }
        s.put("pekko.actor.serializers.warden-peer", PeerSerializer.class.getName());
        s.put("pekko.actor.serialization-bindings.\"" + PeerMessage.class.getName() + "\"", "warden-peer");
        s.put("pekko.remote.artery.large-message-destinations", List.of("/user/" + PeerDirectory.PEER_NAME));
        s.put("pekko.remote.artery.advanced.maximum-large-frame-size", "4MiB");
        // The lane's queue is 256 messages by default and drops beyond that; a burst of proposals is far more. (Zab
        // notices a drop as a gap and resynchronises, but that costs an election.)
        s.put("pekko.remote.artery.advanced.outbound-large-message-queue-size", 200_000);
        return ConfigFactory.parseMap(s);
    }

    public int clientPort() {
        return address.getPort();
    }

    public String connectString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** As {@code srvr} says after "Mode:": standalone, leader, follower, observer or looking. */
    public String mode() {
        return metrics.mode;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * The server's actor system, for Warden's TestKit (e.g. to let manual time pass when the server was started with
     * Pekko's {@code ManualTime} scheduler). Nothing else should reach into it.
     */
    public ActorSystem<?> actorSystem() {
        return system;
    }

    /** Completes when the server has stopped, whether by {@link #close()} or because a part of it failed. */
    public CompletableFuture<Void> whenTerminated() {
        return system.getWhenTerminated().toCompletableFuture().thenApply(done -> null);
    }

    @Override
    public void close() {
        system.terminate();
        awaitTermination(system);
        storage.close();
        LOG.info("Warden stopped");
    }

    private static void awaitTermination(ActorSystem<Node.Command> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The actor system did not stop cleanly: {}", e.toString());
        }
    }
}
