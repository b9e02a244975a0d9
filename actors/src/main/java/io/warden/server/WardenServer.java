package io.warden.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.server.config.ServerConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.node.Node;
import io.warden.server.node.Recovery;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final ActorSystem<Void> system;
    private final Recovery.Recovered storage;
    private final InetSocketAddress address;

    private WardenServer(ServerConfig config, ActorSystem<Void> system, Recovery.Recovered storage, InetSocketAddress address) {
        this.config = config;
        this.system = system;
        this.storage = storage;
        this.address = address;
    }

    public static WardenServer start(ServerConfig config) {
        return start(config, ConfigFactory.empty());
    }

    /** Starts a server; {@code overrides} are Pekko settings layered over Warden's defaults. */
    public static WardenServer start(ServerConfig config, Config overrides) {
        if (config.isReplicated()) {
            throw new IllegalStateException("this Warden build runs standalone only: replicated mode (the server.N lines of "
                    + "the config) is not available yet; remove the server.N lines to run this server standalone");
        }
        Recovery.Recovered recovered = Recovery.recover(config);
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        ServerMetrics metrics = new ServerMetrics();
        ActorSystem<Void> system;
        try {
            system = ActorSystem.create(
                    Node.create(config, recovered, metrics, bound),
                    "warden", overrides.withFallback(ConfigFactory.load()));
        } catch (RuntimeException e) {
            recovered.close();
            throw e;
        }
        try {
            InetSocketAddress address = bound.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Warden is serving on {} (data in {}, last zxid 0x{})", address, config.dataDir().toAbsolutePath(),
                    Long.toHexString(recovered.db().lastZxid()));
            return new WardenServer(config, system, recovered, address);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            system.terminate();
            awaitTermination(system);
            recovered.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Warden did not start: " + cause.getMessage(), cause);
        }
    }

    public int clientPort() {
        return address.getPort();
    }

    public String connectString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public ServerConfig config() {
        return config;
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

    private static void awaitTermination(ActorSystem<Void> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The actor system did not stop cleanly: {}", e.toString());
        }
    }
}
