package io.warden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Fills a server with {@code count} persistent znodes of {@code data}: {@code root/pNNNN/cNNNNNNN}, {@link #FANOUT}
 * children per parent (a realistic shape: no parent with a million children), created through the official client
 * with a bounded window of async creates in flight on each session.
 */
final class Populate {
    static final int FANOUT = 1000;

    private Populate() {
    }

    static String parent(String root, long i) {
        return root + "/p" + (i / FANOUT);
    }

    static String node(String root, long i) {
        return parent(root, i) + "/c" + i;
    }

    /** How many znodes a populated tree holds in all: the nodes, their parents and the root. */
    static long znodes(long count) {
        return count + (count + FANOUT - 1) / FANOUT + 1;
    }

    /** Creates root, the parents and the nodes; session s creates nodes s, s + n, s + 2n, ... */
    static void run(List<ZooKeeper> sessions, String root, long count, byte[] data, int inFlight, Duration timeout,
                    AtomicLong progress) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ZooKeeper first = sessions.get(0);
        try {
            first.create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            throw new IOException("cannot create " + root + ": " + e.getMessage(), e);
        }
        long parents = (count + FANOUT - 1) / FANOUT;
        createRange(List.of(first), parents, i -> root + "/p" + i, new byte[0], inFlight, deadline, new AtomicLong());
        createRange(sessions, count, i -> node(root, i), data, inFlight, deadline, progress);
    }

    private interface PathOf {
        String path(long i);
    }

    private static void createRange(List<ZooKeeper> sessions, long count, PathOf pathOf, byte[] data, int inFlight,
                                    long deadline, AtomicLong progress) throws IOException, InterruptedException {
        int n = sessions.size();
        CountDownLatch done = new CountDownLatch(n);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread[] feeders = new Thread[n];
        for (int s = 0; s < n; s++) {
            ZooKeeper zk = sessions.get(s);
            int first = s;
            feeders[s] = new Thread(() -> {
                Semaphore window = new Semaphore(inFlight);
                AsyncCallback.StringCallback cb = (rc, path, ctx, name) -> {
                    if (rc != 0) {
                        failures.add(path + ": " + KeeperException.Code.get(rc));
                    } else {
                        progress.incrementAndGet();
                    }
                    window.release();
                };
                try {
                    for (long i = first; i < count && failures.isEmpty(); i += n) {
                        if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                            failures.add("timed out");
                            break;
                        }
                        zk.create(pathOf.path(i), data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, cb, null);
                    }
                    // Every reply is in once the whole window is back.
                    if (!window.tryAcquire(inFlight, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        failures.add("timed out waiting for the last replies");
                    }
                } catch (InterruptedException e) {
                    failures.add("interrupted");
                } finally {
                    done.countDown();
                }
            }, "populate-" + s);
            feeders[s].start();
        }
        if (!done.await(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
            for (Thread t : feeders) {
                t.interrupt();
            }
            throw new IOException("populating " + count + " nodes timed out");
        }
        if (!failures.isEmpty()) {
            throw new IOException("populating failed for " + failures.size() + " nodes, e.g. " + failures.peek());
        }
    }
}
