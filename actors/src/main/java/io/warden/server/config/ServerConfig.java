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
        int globalOutstandingLimit) {

    public static final Set<String> ALL_FOUR_LETTER_WORDS =
            Set.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "wchs", "wchc", "wchp", "dirs", "isro", "envi");

    /** A standalone server on 127.0.0.1:2181 with ZooKeeper's defaults and its data in {@code dataDir}. */
    public static ServerConfig standalone(Path dataDir) {
        return new ServerConfig(2000, dataDir, dataDir, "127.0.0.1", 2181, 60, 4000, 40000,
                Set.of("srvr"), false, 0xfffff, true, 100_000, 3, 0, 60_000, 1000);
    }

    public ServerConfig withClientPort(int port) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, port, maxClientCnxns, minSessionTimeout,
                maxSessionTimeout, fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    public ServerConfig withTickTime(int ms) {
        return new ServerConfig(ms, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns, 2 * ms, 20 * ms,
                fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    public ServerConfig withFourLetterWords(Set<String> words) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns, minSessionTimeout,
                maxSessionTimeout, Set.copyOf(words), extendedTypesEnabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    public ServerConfig withExtendedTypesEnabled(boolean enabled) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns, minSessionTimeout,
                maxSessionTimeout, fourLetterWords, enabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    public ServerConfig withMaxClientCnxns(int max) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, max, minSessionTimeout,
                maxSessionTimeout, fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    public ServerConfig withContainerCheckIntervalMs(long ms) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns, minSessionTimeout,
                maxSessionTimeout, fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync, snapCount, snapRetainCount,
                purgeIntervalHours, ms, globalOutstandingLimit);
    }

    public ServerConfig withSnapCount(int count) {
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientPortAddress, clientPort, maxClientCnxns, minSessionTimeout,
                maxSessionTimeout, fourLetterWords, extendedTypesEnabled, maxFrameBytes, forceSync, count, snapRetainCount,
                purgeIntervalHours, containerCheckIntervalMs, globalOutstandingLimit);
    }

    /** Where a client should connect: host:port. */
    public String clientAddress() {
        return clientPortAddress + ":" + clientPort;
    }
}
