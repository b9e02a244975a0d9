package io.warden.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.FileSync;
import io.warden.recipe.Recipe;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;

/**
 * One standalone Warden server inside the test's JVM, configured as a zoo.cfg would be, on a free port of 127.0.0.1:
 * for testing a recipe plugin (or anything else) against a real server with the official client.
 *
 * <p>With {@link Builder#manualTime()} the server's clock is the test's: nothing scheduled happens — a recipe's
 * timers, session expiry, the checks for empty containers and TTL nodes, the handshake timeout — until the test calls
 * {@link #advance}. What is not scheduled (writes, reads, their logging and answers) goes at full speed as usual.
 *
 * <pre>{@code
 * try (WardenStandalone server = WardenStandalone.builder().recipe("locks", "lock", Map.of("root", "/locks")).start()) {
 *     ZooKeeper zk = new ZooKeeper(server.connectString(), 10_000, event -> { });
 *     ...
 * }
 * }</pre>
 *
 * Not thread-safe: drive it from the test's thread.
 */
public final class WardenStandalone implements AutoCloseable {
    private final Path root;
    private final boolean ownsRoot;
    private final ServerConfig config;
    private final Config pekkoSettings;
    private final boolean manualTime;
    private WardenServer server;

    private WardenStandalone(Path root, boolean ownsRoot, ServerConfig config, Config pekkoSettings, boolean manualTime) {
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.config = config;
        this.pekkoSettings = pekkoSettings;
        this.manualTime = manualTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to make the server; every setting has a default that suits a test. */
    public static final class Builder {
        private int tickTimeMs = 200;
        private Path dataDir;
        private boolean manualTime;
        private Config pekkoSettings = ConfigFactory.empty();
        private final Map<String, String> zooCfg = new LinkedHashMap<>();

        private Builder() {
        }

        /** ZooKeeper's tickTime (default 200 ms): session timeouts are bounded by 2 and 20 ticks. */
        public Builder tickTimeMs(int tickTimeMs) {
            this.tickTimeMs = tickTimeMs;
            return this;
        }

        /** Keep the data under {@code dir} and leave it there; by default a temporary folder deleted on close. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Any other zoo.cfg setting. */
        public Builder zooCfg(String key, String value) {
            zooCfg.put(key, value);
            return this;
        }

        /** A recipe plugin, as {@code recipe.NAME=CLASS} and {@code recipe.NAME.KEY=VALUE} lines would configure it. */
        public Builder recipe(String name, Class<? extends Recipe<?>> recipe, Map<String, String> settings) {
            return recipe(name, recipe.getName(), settings);
        }

        /** As above, by class name or a recipe's short name ({@code lock}). */
        public Builder recipe(String name, String classOrShortName, Map<String, String> settings) {
            zooCfg.put("recipe." + name, classOrShortName);
            settings.forEach((k, v) -> zooCfg.put("recipe." + name + "." + k, v));
            return this;
        }

        /** The server's scheduler is Pekko's {@link ManualTime}: time passes only through {@link #advance}. */
        public Builder manualTime() {
            this.manualTime = true;
            return this;
        }

        /** Pekko settings layered over Warden's. */
        public Builder pekkoSettings(Config settings) {
            this.pekkoSettings = settings;
            return this;
        }

        /** Starts the server and returns once it listens for clients. */
        public WardenStandalone start() {
            try {
                Path root = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("warden-standalone");
                StringBuilder cfg = new StringBuilder()
                        .append("tickTime=").append(tickTimeMs).append('\n')
                        .append("dataDir=.\n")
                        .append("clientPortAddress=127.0.0.1\n")
                        .append("clientPort=").append(TestPorts.free()).append('\n')
                        .append("4lw.commands.whitelist=*\n");
                zooCfg.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
                Path file = root.resolve("zoo.cfg");
                Files.writeString(file, cfg);
                ServerConfig config = ZooCfg.load(file, warning -> { });
                Config settings = manualTime ? pekkoSettings.withFallback(ManualTime.config()) : pekkoSettings;
                WardenStandalone s = new WardenStandalone(root, dataDir == null, config, settings, manualTime);
                s.server = WardenServer.start(config, settings);
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** host:port for any ZooKeeper client. */
    public String connectString() {
        return running().connectString();
    }

    public int clientPort() {
        return running().clientPort();
    }

    /** The data folder (with its zoo.cfg). */
    public Path dataDir() {
        return root;
    }

    /** Lets {@code d} of the server's time pass (only with {@link Builder#manualTime()}): what falls due runs now. */
    public void advance(Duration d) {
        if (!manualTime) {
            throw new IllegalStateException("this server runs on the wall clock; build it with manualTime()");
        }
        ManualTime.get(running().actorSystem()).timePasses(d);
    }

    /** Stops the server cleanly and starts it again on the same port with the same data. */
    public void restart() {
        running().close();
        server = null;
        server = WardenServer.start(config, pekkoSettings);
    }

    private WardenServer running() {
        if (server == null) {
            throw new IllegalStateException("the server is not running");
        }
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (ownsRoot) {
            try {
                FileSync.deleteRecursively(root);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + root, e);
            }
        }
    }
}
