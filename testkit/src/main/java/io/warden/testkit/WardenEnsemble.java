package io.warden.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.recipe.Recipe;
import io.warden.server.config.ZooCfg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An ensemble of real Warden nodes inside one JVM, for tests: each node is a full server (its own actor system,
 * storage in its own folder, client port on 127.0.0.1), and the messages between their Peers go through links the
 * test controls. Nodes are numbered 1..N, voters first, then observers.
 *
 * <pre>{@code
 * try (WardenEnsemble e = WardenEnsemble.builder().voters(3).start()) {
 *     int leader = e.awaitLeader(Duration.ofSeconds(30));
 *     ZooKeeper zk = new ZooKeeper(e.connectString(), 10_000, event -> { });
 *     e.isolate(leader);
 *     ...
 * }
 * }</pre>
 *
 * Not thread-safe: drive it from the test's thread.
 */
public final class WardenEnsemble implements AutoCloseable {
    /** What a node's {@link #mode(int)} is while it is killed. */
    public static final String STOPPED = "stopped";

    private final int voters;
    private final Path root;
    private final boolean ownsRoot;
    private final Config pekkoSettings;
    private final Map<Integer, ServerConfig> configs;
    private final Map<Integer, WardenServer> running = new LinkedHashMap<>();
    private final Network network;

    private WardenEnsemble(int voters, Path root, boolean ownsRoot, Config pekkoSettings, Map<Integer, ServerConfig> configs) {
        this.voters = voters;
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.pekkoSettings = pekkoSettings;
        this.configs = configs;
        this.network = new Network(List.copyOf(configs.keySet()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to make an ensemble; every setting has a default that suits a test on a small machine. */
    public static final class Builder {
        private int voters = 3;
        private int observers;
        private int tickTimeMs = 200;
        private int initLimit = 20;
        private int syncLimit = 5;
        private Path dataDir;
        private Config pekkoSettings = ConfigFactory.empty();
        private final Map<String, String> zooCfg = new LinkedHashMap<>();

        private Builder() {
        }

        /** Voting members (default 3). */
        public Builder voters(int voters) {
            if (voters < 1) {
                throw new IllegalArgumentException("an ensemble needs at least one voter");
            }
            this.voters = voters;
            return this;
        }

        /** Observers (default 0): they serve clients and get commits but do not vote. */
        public Builder observers(int observers) {
            if (observers < 0) {
                throw new IllegalArgumentException("observers must not be negative");
            }
            this.observers = observers;
            return this;
        }

        /** ZooKeeper's tickTime (default 200 ms); failure detection takes syncLimit ticks. */
        public Builder tickTimeMs(int tickTimeMs) {
            this.tickTimeMs = tickTimeMs;
            return this;
        }

        /** In ticks (default 20). */
        public Builder initLimit(int initLimit) {
            this.initLimit = initLimit;
            return this;
        }

        /** In ticks (default 5). */
        public Builder syncLimit(int syncLimit) {
            this.syncLimit = syncLimit;
            return this;
        }

        /** Keep the nodes' data under {@code dir} (n1, n2, ...) and leave it there; by default a temporary folder. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Any other zoo.cfg setting, for every node. */
        public Builder zooCfg(String key, String value) {
            zooCfg.put(key, value);
            return this;
        }

        /**
         * A recipe plugin on every node, as the zoo.cfg lines {@code recipe.NAME=CLASS} and {@code recipe.NAME.KEY=VALUE}
         * would configure it: it runs on whichever node leads.
         */
        public Builder recipe(String name, Class<? extends Recipe<?>> recipe, Map<String, String> settings) {
            return recipe(name, recipe.getName(), settings);
        }

        /** As above, by class name or a recipe's short name ({@code lock}). */
        public Builder recipe(String name, String classOrShortName, Map<String, String> settings) {
            zooCfg.put("recipe." + name, classOrShortName);
            settings.forEach((k, v) -> zooCfg.put("recipe." + name + "." + k, v));
            return this;
        }

        /** Pekko settings layered over Warden's for every node. */
        public Builder pekkoSettings(Config settings) {
            this.pekkoSettings = settings;
            return this;
        }

        /** Starts every node and returns once each listens for clients (a leader may not be elected yet). */
        public WardenEnsemble start() {
            Path root;
            try {
                root = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("warden-ensemble");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            WardenEnsemble e = new WardenEnsemble(voters, root, dataDir == null, pekkoSettings, configure(root));
            try {
                e.startAll();
            } catch (RuntimeException failure) {
                e.close();
                throw failure;
            }
            return e;
        }

        private Map<Integer, ServerConfig> configure(Path root) {
            try {
                int n = voters + observers;
                StringBuilder lines = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    lines.append("server.").append(i).append("=127.0.0.1:").append(freePort()).append(':')
                            .append(freePort()).append(i > voters ? ":observer" : "")
                            .append(";127.0.0.1:").append(freePort()).append('\n');
                }
                StringBuilder common = new StringBuilder()
                        .append("tickTime=").append(tickTimeMs).append('\n')
                        .append("initLimit=").append(initLimit).append('\n')
                        .append("syncLimit=").append(syncLimit).append('\n')
                        .append("dataDir=.\n")
                        .append("4lw.commands.whitelist=*\n");
                zooCfg.forEach((k, v) -> common.append(k).append('=').append(v).append('\n'));
                Map<Integer, ServerConfig> configs = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    Path d = Files.createDirectories(root.resolve("n" + i));
                    Files.writeString(d.resolve("myid"), Integer.toString(i));
                    Path cfg = d.resolve("zoo.cfg");
                    Files.writeString(cfg, common.toString() + lines);
                    configs.put(i, ZooCfg.load(cfg, warning -> { }));
                }
                return configs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int freePort() throws IOException {
            return TestPorts.free();
        }
    }

    private void startAll() {
        Map<Integer, CompletableFuture<WardenServer>> starting = new LinkedHashMap<>();
        for (int id : configs.keySet()) {
            starting.put(id, CompletableFuture.supplyAsync(() -> launch(id)));
        }
        RuntimeException failure = null;
        for (Map.Entry<Integer, CompletableFuture<WardenServer>> s : starting.entrySet()) {
            try {
                running.put(s.getKey(), s.getValue().join());
            } catch (CompletionException e) {
                failure = failure != null ? failure
                        : new IllegalStateException("node " + s.getKey() + " did not start", e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private WardenServer launch(int id) {
        Config settings = pekkoSettings.withFallback(ConfigFactory.parseString(
                // A killed node must not leave the cluster gracefully: it vanishes, as a crashed process does.
                "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"));
        return WardenServer.start(configs.get(id), settings, UnaryOperator.identity(), network.linksOf(id));
    }

    /** Node ids, voters first. */
    public List<Integer> nodes() {
        return List.copyOf(configs.keySet());
    }

    /** The ids of the voting members. */
    public Set<Integer> voters() {
        return IntStream.rangeClosed(1, voters).boxed().collect(Collectors.toUnmodifiableSet());
    }

    /** The ids of the observers. */
    public Set<Integer> observers() {
        return configs.keySet().stream().filter(id -> id > voters).collect(Collectors.toUnmodifiableSet());
    }

    /** Every node's client address (killed ones too: clients skip them), in id order, for a ZooKeeper client. */
    public String connectString() {
        return connectString(configs.keySet().stream().mapToInt(Integer::intValue).toArray());
    }

    /** The client addresses of the given nodes, in the given order. */
    public String connectString(int... ids) {
        return Arrays.stream(ids).mapToObj(id -> "127.0.0.1:" + clientPort(id)).collect(Collectors.joining(","));
    }

    /** The port node {@code id} serves clients on; it stays the same across restarts. */
    public int clientPort(int id) {
        return config(id).ensemble().me().clientPort();
    }

    /** Node {@code id}'s folder: its zoo.cfg, myid, log and snapshots. */
    public Path dataDir(int id) {
        return config(id).dataDir();
    }

    public boolean isRunning(int id) {
        config(id);
        return running.containsKey(id);
    }

    /** As {@code srvr} says after "Mode:" (leader, follower, observer, looking), or {@link #STOPPED}. */
    public String mode(int id) {
        WardenServer s = running.get(id);
        config(id);
        return s == null ? STOPPED : s.mode();
    }

    /**
     * Stops node {@code id} abruptly, as a crash would: no goodbye to the cluster, nothing more sent; its storage is
     * kept (what it acknowledged was already durable).
     */
    public void kill(int id) {
        WardenServer s = running.remove(id);
        if (s == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        s.close();
    }

    /** Starts a killed node again, as a new incarnation on the same ports and data. */
    public void restart(int id) {
        config(id);
        if (running.containsKey(id)) {
            throw new IllegalStateException("node " + id + " is running");
        }
        running.put(id, launch(id));
    }

    /** The link between two nodes, both directions. */
    public Link link(int a, int b) {
        checkPair(a, b);
        return new Link(network, a, b, true);
    }

    /** The messages from {@code from} to {@code to} only. */
    public Link oneWay(int from, int to) {
        checkPair(from, to);
        return new Link(network, from, to, false);
    }

    /** Cuts node {@code id} off from every other node (its clients can still reach it). */
    public void isolate(int id) {
        config(id);
        for (int other : configs.keySet()) {
            if (other != id) {
                link(id, other).cut();
            }
        }
    }

    /** Cuts every link between nodes on different sides; every node must be on exactly one side. */
    @SafeVarargs
    public final void partition(Set<Integer>... sides) {
        Set<Integer> seen = new HashSet<>();
        for (Set<Integer> side : sides) {
            for (int id : side) {
                config(id);
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("node " + id + " is on two sides");
                }
            }
        }
        if (!seen.equals(configs.keySet())) {
            throw new IllegalArgumentException("every node must be on one side; missing: "
                    + configs.keySet().stream().filter(id -> !seen.contains(id)).toList());
        }
        for (int i = 0; i < sides.length; i++) {
            for (int j = i + 1; j < sides.length; j++) {
                for (int a : sides[i]) {
                    for (int b : sides[j]) {
                        link(a, b).cut();
                    }
                }
            }
        }
    }

    /** Every link back to perfect: no cuts, losses or delays. */
    public void heal() {
        network.healAll();
    }

    /** Waits until exactly one running node leads, followed by enough voters for a quorum; returns its id. */
    public int awaitLeader(Duration within) {
        return awaitLeaderAmong(configs.keySet(), within);
    }

    /**
     * As {@link #awaitLeader(Duration)}, looking only at {@code among}: the side of a partition that should elect,
     * while the other side may still believe in an old leader.
     */
    public int awaitLeaderAmong(Set<Integer> among, Duration within) {
        int quorum = voters / 2 + 1;
        return Deadline.await("one of " + among + " leads a quorum (modes " + modes() + ")", within, () -> {
            List<Integer> leaders = among.stream().filter(id -> mode(id).equals("leader")).toList();
            long followers = among.stream().filter(id -> id <= voters && mode(id).equals("follower")).count();
            return leaders.size() == 1 && followers + 1 >= quorum ? Optional.of(leaders.get(0)) : Optional.empty();
        });
    }

    /** Waits until node {@code id} is in one of {@code modes} (see {@link #mode(int)}). */
    public void awaitMode(int id, Duration within, String... modes) {
        Set<String> wanted = Set.of(modes);
        Deadline.await("node " + id + " is " + wanted + " (it is " + mode(id) + ")", within,
                () -> wanted.contains(mode(id)) ? Optional.of(true) : Optional.empty());
    }

    /** Node {@code id}'s last applied zxid and tree digest, read with {@code mntr} from its client port. */
    public NodeDigest digest(int id) {
        if (!isRunning(id)) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        try {
            return Monitor.digest("127.0.0.1", clientPort(id));
        } catch (IOException e) {
            throw new UncheckedIOException("mntr of node " + id, e);
        }
    }

    /** Every running node's digest, by id. */
    public Map<Integer, NodeDigest> digests() {
        Map<Integer, NodeDigest> all = new LinkedHashMap<>();
        for (int id : running.keySet().stream().sorted().toList()) {
            all.put(id, digest(id));
        }
        return all;
    }

    /**
     * Waits until every running node serves (leads, follows or observes) and all have applied the same transactions
     * to the same tree; returns that digest. Call it once writes have stopped and the faults that matter are healed.
     */
    public NodeDigest awaitConverged(Duration within) {
        AtomicReference<Map<Integer, NodeDigest>> last = new AtomicReference<>(Map.of());
        try {
            return Deadline.await("every running node has the same digest", within, () -> {
                boolean serving = running.keySet().stream()
                        .allMatch(id -> Set.of("leader", "follower", "observer").contains(mode(id)));
                if (!serving) {
                    return Optional.empty();
                }
                last.set(digests());
                Set<NodeDigest> distinct = new HashSet<>(last.get().values());
                return distinct.size() == 1 ? Optional.of(distinct.iterator().next()) : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; modes " + modes() + ", last digests " + last.get(), e);
        }
    }

    /** Every node's mode, by id. */
    public Map<Integer, String> modes() {
        Map<Integer, String> modes = new LinkedHashMap<>();
        configs.keySet().forEach(id -> modes.put(id, mode(id)));
        return modes;
    }

    /** Kills every node and, if the ensemble made its own temporary folder, deletes it. */
    @Override
    public void close() {
        List<Integer> ids = new ArrayList<>(running.keySet());
        List<CompletableFuture<Void>> stopping = ids.stream()
                .map(id -> CompletableFuture.runAsync(running.get(id)::close)).toList();
        running.clear();
        stopping.forEach(CompletableFuture::join);
        if (ownsRoot) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + root, e);
            }
        }
    }

    private ServerConfig config(int id) {
        ServerConfig c = configs.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no node " + id + "; nodes are " + configs.keySet());
        }
        return c;
    }

    private void checkPair(int a, int b) {
        config(a);
        config(b);
        if (a == b) {
            throw new IllegalArgumentException("a node has no link to itself: " + a);
        }
    }
}
