package io.warden.server.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * Everything a Warden server is configured with, in ZooKeeper's terms (zoo.cfg keys in the comments).
 * Immutable; the {@code with*} methods return changed copies.
 *
 * @param tickTime             tickTime: the basic time unit in ms
 * @param dataDir              dataDir: snapshots and durable peer facts
 * @param dataLogDir           dataLogDir: the transaction log (defaults to dataDir)
 * @param clientPortAddress    clientPortAddress: the address clients connect to
 * @param clientPort           clientPort (0 picks a free port, for tests)
 * @param maxClientCnxns       maxClientCnxns: connections from one IP address (0 = unlimited)
 * @param minSessionTimeout    minSessionTimeout in ms (default 2 × tickTime)
 * @param maxSessionTimeout    maxSessionTimeout in ms (default 20 × tickTime)
 * @param fourLetterWords      4lw.commands.whitelist, expanded ("*" = all)
 * @param extendedTypesEnabled zookeeper.extendedTypesEnabled: TTL nodes
 * @param maxFrameBytes        jute.maxbuffer: the largest request or response
 * @param forceSync            forceSync: fsync the log before acknowledging (no = unsafe, faster)
 * @param snapCount            snapCount: transactions between snapshots
 * @param snapRetainCount      autopurge.snapRetainCount
 * @param purgeIntervalHours   autopurge.purgeInterval (0 = off)
 * @param containerCheckIntervalMs znode.container.checkIntervalMs
 * @param globalOutstandingLimit   globalOutstandingLimit: requests in flight per connection before reading pauses
 * @param ensemble             the server.N lines, myid, initLimit and syncLimit; null when standalone
 * @param recipes              recipe.NAME=CLASS lines, their settings and recipe.path
 */
public record ServerConfig(
        int tickTime,
        Path dataDir,
        Path dataLogDir,
        String clientPortAddress,
        int clientPort,
        int maxClientCnxns,
        int minSessionTimeout,
        int maxSessionTimeout,
        Set<String> fourLetterWords,
        boolean extendedTypesEnabled,
        int maxFrameBytes,
        boolean forceSync,
        int snapCount,
        int snapRetainCount,
        int purgeIntervalHours,
        long containerCheckIntervalMs,
        int globalOutstandingLimit,
        EnsembleConfig ensemble,
        RecipesConfig recipes) {

    public static final Set<String> ALL_FOUR_LETTER_WORDS =
            Set.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "wchs", "wchc", "wchp", "dirs", "isro", "envi");

    /** A standalone server on 127.0.0.1:2181 with ZooKeeper's defaults and its data in {@code dataDir}. */
    public static ServerConfig standalone(Path dataDir) {
        return new ServerConfig(2000, dataDir, dataDir, "127.0.0.1", 2181, 60, 4000, 40000,
                Set.of("srvr"), false, 0xfffff, true, 100_000, 3, 0, 60_000, 1000, null, RecipesConfig.NONE);
    }

    public ServerConfig withClientPort(int port) {
        return with(b -> b.clientPort = port);
    }

    /** A new tick time moves the session-timeout bounds with it (2× and 20×), as ZooKeeper's defaults do. */
    public ServerConfig withTickTime(int ms) {
        return with(b -> {
            b.tickTime = ms;
            b.minSessionTimeout = 2 * ms;
            b.maxSessionTimeout = 20 * ms;
        });
    }

    public ServerConfig withFourLetterWords(Set<String> words) {
        return with(b -> b.fourLetterWords = Set.copyOf(words));
    }

    public ServerConfig withExtendedTypesEnabled(boolean enabled) {
        return with(b -> b.extendedTypesEnabled = enabled);
    }

    public ServerConfig withMaxClientCnxns(int max) {
        return with(b -> b.maxClientCnxns = max);
    }

    public ServerConfig withContainerCheckIntervalMs(long ms) {
        return with(b -> b.containerCheckIntervalMs = ms);
    }

    public ServerConfig withSnapCount(int count) {
        return with(b -> b.snapCount = count);
    }

    public ServerConfig withForceSync(boolean force) {
        return with(b -> b.forceSync = force);
    }

    public ServerConfig withPurgeIntervalHours(int hours) {
        return with(b -> b.purgeIntervalHours = hours);
    }

    public boolean isReplicated() {
        return ensemble != null;
    }

    public ServerConfig withClientPortAddress(String address) {
        return with(b -> b.clientPortAddress = address);
    }

    public ServerConfig withRecipes(RecipesConfig recipes) {
        return with(b -> b.recipes = recipes);
    }

    public ServerConfig withDataLogDir(Path dir) {
        return with(b -> b.dataLogDir = dir);
    }

    private ServerConfig with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy of every field, so each {@code with*} method names only what it changes. */
    private static final class Builder {
        int tickTime;
        Path dataDir;
        Path dataLogDir;
        String clientPortAddress;
        int clientPort;
        int maxClientCnxns;
        int minSessionTimeout;
        int maxSessionTimeout;
        Set<String> fourLetterWords;
        boolean extendedTypesEnabled;
        int maxFrameBytes;
        boolean forceSync;
        int snapCount;
        int snapRetainCount;
        int purgeIntervalHours;
        long containerCheckIntervalMs;
        int globalOutstandingLimit;
        EnsembleConfig ensemble;
        RecipesConfig recipes;

        Builder(ServerConfig c) {
            tickTime = c.tickTime;
            dataDir = c.dataDir;
            dataLogDir = c.dataLogDir;
            clientPortAddress = c.clientPortAddress;
            clientPort = c.clientPort;
            maxClientCnxns = c.maxClientCnxns;
            minSessionTimeout = c.minSessionTimeout;
            maxSessionTimeout = c.maxSessionTimeout;
            fourLetterWords = c.fourLetterWords;
            extendedTypesEnabled = c.extendedTypesEnabled;
            maxFrameBytes = c.maxFrameBytes;
            forceSync = c.forceSync;
            snapCount = c.snapCount;
            snapRetainCount = c.snapRetainCount;
            purgeIntervalHours = c.purgeIntervalHours;
            containerCheckIntervalMs = c.containerCheckIntervalMs;
            globalOutstandingLimit = c.globalOutstandingLimit;
            ensemble = c.ensemble;
            recipes = c.recipes;
        }

        ServerConfig build() {
            return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns,
                    minSessionTimeout, maxSessionTimeout, fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync,
                    snapCount, snapRetainCount, purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit,
                    ensemble, recipes);
        }
    }

    /** Where a client should connect: host:port. */
    public String clientAddress() {
        return clientPortAddress + ":" + clientPort;
    }
}
