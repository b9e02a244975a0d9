package io.warden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The tree a measurement runs on, under a root of its own: {@code root/k/kNNNNNN} keys with data, {@code root/g}
 * with a few children (for getChildren) and the empty parent {@code root/c} the create workload fills.
 */
final class Setup {
    private static final int PIPELINE = 256;

    final String root;
    final String[] keys;
    final String directory;
    final String createParent;

    private Setup(String root, int keyCount) {
        this.root = root;
        this.keys = new String[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = String.format("%s/k/k%06d", root, i);
        }
        this.directory = root + "/g";
        this.createParent = root + "/c";
    }

    static Setup create(ZooKeeper zk, String root, LoadSpec spec, byte[] data, Duration timeout)
            throws KeeperException, InterruptedException, IOException {
        Setup s = new Setup(root, spec.keys());
        for (String p : List.of(root, root + "/k", s.directory, s.createParent)) {
            zk.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        List<String> paths = new ArrayList<>(List.of(s.keys));
        for (int i = 0; i < spec.children(); i++) {
            paths.add(String.format("%s/d%04d", s.directory, i));
        }
        createAll(zk, paths, data, timeout);
        return s;
    }

    /** Creates the nodes with up to PIPELINE creates in flight. */
    private static void createAll(ZooKeeper zk, List<String> paths, byte[] data, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore window = new Semaphore(PIPELINE);
        CountDownLatch done = new CountDownLatch(paths.size());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (String p : paths) {
            if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IOException("setup timed out creating " + paths.size() + " nodes");
            }
            zk.create(p, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, path, ctx, name) -> {
                if (rc != 0) {
                    failures.add(path + ": " + KeeperException.Code.get(rc));
                }
                window.release();
                done.countDown();
            }, null);
        }
        if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IOException("setup timed out creating " + paths.size() + " nodes");
        }
        if (!failures.isEmpty()) {
            throw new IOException("setup failed for " + failures.size() + " nodes, e.g. " + failures.peek());
        }
    }
}
