package io.warden.server.metrics;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for the four-letter words. They are written by many connection actors and read by whichever connection
 * answers {@code srvr} or {@code mntr}, so they are lock-free counters rather than state owned by one actor: nothing
 * decides anything from them.
 */
public final class ServerMetrics {
    /** What {@code srvr} prints after "Mode:": standalone, leader, follower, observer, looking. */
    public volatile String mode = "standalone";
    /** The port the client frontend is bound to (the configured one may be 0: any free port). */
    public volatile int clientPort;
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder outstanding = new LongAdder();
    /** The recipe plugins configured here, as the recipe host last reported them. */
    public final RecipeStatus recipes = new RecipeStatus();
    private final LongAdder latencyTotalMs = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final AtomicLong latencyMin = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong latencyMax = new AtomicLong();
    private final ConcurrentHashMap<Object, ConnectionInfo> connections = new ConcurrentHashMap<>();

    /** What {@code cons} and {@code stat} print about one connection; updated only by its own actor. */
    public static final class ConnectionInfo {
        public final String remote;
        public final long established;
        public volatile long sessionId;
        public volatile int timeoutMs;
        public volatile long lastZxid;
        public volatile int queued;
        public final LongAdder received = new LongAdder();
        public final LongAdder sent = new LongAdder();

        public ConnectionInfo(String remote, long established) {
            this.remote = remote;
            this.established = established;
        }
    }

    public void recordLatency(long ms) {
        latencyTotalMs.add(ms);
        latencyCount.increment();
        latencyMin.accumulateAndGet(ms, Math::min);
        latencyMax.accumulateAndGet(ms, Math::max);
    }

    public long minLatency() {
        long v = latencyMin.get();
        return v == Long.MAX_VALUE ? 0 : v;
    }

    public long maxLatency() {
        return latencyMax.get();
    }

    public double avgLatency() {
        long n = latencyCount.sum();
        return n == 0 ? 0 : (double) latencyTotalMs.sum() / n;
    }

    public void resetLatency() {
        latencyTotalMs.reset();
        latencyCount.reset();
        latencyMin.set(Long.MAX_VALUE);
        latencyMax.set(0);
    }

    public void resetCounters() {
        packetsReceived.reset();
        packetsSent.reset();
        resetLatency();
    }

    public void register(Object key, ConnectionInfo info) {
        connections.put(key, info);
    }

    public void unregister(Object key) {
        connections.remove(key);
    }

    public Collection<ConnectionInfo> connections() {
        return connections.values();
    }

    public int connectionCount() {
        return connections.size();
    }
}
