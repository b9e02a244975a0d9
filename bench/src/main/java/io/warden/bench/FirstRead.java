package io.warden.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Waits for a restarted server to serve a client: a new session through the official client, then a getData of a
 * node known to be there, with the data it was written with. Each attempt is a fresh client: a client that failed
 * to connect backs off up to a second at random before it tries again, which would blur the figure. Resolution:
 * about 10 ms (the srvr poll) when the first session succeeds.
 */
final class FirstRead {
    private static final long ATTEMPT_MILLIS = 500;
    private static final long PORT_POLL_MILLIS = 10;

    private FirstRead() {
    }

    /** Returns when {@code path} was read back with {@code expected}; throws when that has not happened by the deadline. */
    static void await(ServerProcess server, String path, byte[] expected, long deadlineNanos)
            throws IOException, InterruptedException {
        String last = "nothing tried";
        while (System.nanoTime() < deadlineNanos) {
            if (!server.isAlive()) {
                throw new IOException(server.name() + " exited while recovering; see " + server.dir().resolve("server.log"));
            }
            if (!answersZxid(server)) {
                Thread.sleep(PORT_POLL_MILLIS);
                continue;
            }
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(server.address(), Sessions.SESSION_TIMEOUT_MS, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                if (!connected.await(ATTEMPT_MILLIS, TimeUnit.MILLISECONDS)) {
                    last = "no session within " + ATTEMPT_MILLIS + " ms";
                    continue;
                }
                // Async with a bounded wait: a sync call on a session that lost its connection can wait out the
                // whole session timeout.
                CompletableFuture<byte[]> read = new CompletableFuture<>();
                zk.getData(path, false, (rc, p, ctx, data, stat) -> {
                    if (rc == 0) {
                        read.complete(data);
                    } else {
                        read.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), p));
                    }
                }, null);
                byte[] data;
                try {
                    data = read.get(ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    last = "no reply to getData within " + ATTEMPT_MILLIS + " ms";
                    continue;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof KeeperException k && k.code() == KeeperException.Code.NONODE) {
                        throw new IOException(server.name() + " lost " + path + " across the restart", k);
                    }
                    last = String.valueOf(e.getCause());
                    continue;
                }
                if (!Arrays.equals(data, expected)) {
                    throw new IOException(server.name() + " returned other data for " + path + " after restart");
                }
                return;
            } finally {
                // Do not wait for its threads to wind down: that would be counted as restart time.
                zk.close(0);
            }
        }
        throw new IOException(server.name() + " did not serve " + path + " before the deadline (last: " + last + ")");
    }

    /**
     * A cheap gate before a client is tried: srvr reports a Zxid once the server has its tree (ZooKeeper answers
     * "not currently serving requests" until then), so failed sessions, each costing up to ATTEMPT_MILLIS, are rare.
     */
    private static boolean answersZxid(ServerProcess server) {
        String answer = server.fourLetterWord("srvr", java.time.Duration.ofMillis(500));
        return answer != null && answer.contains("Zxid:");
    }
}
