package io.warden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Opens and closes the load generator's client sessions (official ZooKeeper client, one connection each). */
final class Sessions {
    static final int SESSION_TIMEOUT_MS = 30_000;

    private Sessions() {
    }

    /** Opens {@code count} sessions and waits, up to {@code timeout} in all, until every one is connected. */
    static List<ZooKeeper> open(String connectString, int count, Duration timeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(count);
        List<ZooKeeper> out = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                boolean[] seen = new boolean[1];
                out.add(new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
                    // Count each session once, even if it reconnects.
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected && !seen[0]) {
                        seen[0] = true;
                        connected.countDown();
                    }
                }));
            }
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException((count - connected.getCount()) + " of " + count + " sessions connected to "
                        + connectString + " within " + timeout.toSeconds() + " s");
            }
            return out;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(out);
            throw e;
        }
    }

    static void close(List<ZooKeeper> sessions) {
        for (ZooKeeper zk : sessions) {
            try {
                zk.close(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
