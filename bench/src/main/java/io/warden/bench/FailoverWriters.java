package io.warden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.AsyncCallback.StatCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The steady write load of a failover run: one thread per session, each keeping {@code inFlight} async setData calls
 * on its own znode outstanding. A session whose handle expires is replaced by a new one (counted). Every successful
 * completion is checked against the current mark: the first success of a request <em>issued after</em> the mark is
 * what ends a failover gap (a reply to a request sent before the kill proves nothing about the new leader).
 */
final class FailoverWriters implements AutoCloseable {
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final String connect;
    private final List<Writer> writers = new ArrayList<>();
    private volatile boolean stop;
    private volatile long mark = Long.MAX_VALUE;
    private final AtomicLong firstOkAfterMark = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong expirations = new AtomicLong();

    FailoverWriters(String connect, String root, int sessions, int inFlight) throws IOException, InterruptedException,
            KeeperException {
        this.connect = connect;
        List<ZooKeeper> zks = Sessions.open(connect, sessions, Duration.ofSeconds(60));
        try {
            zks.get(0).create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 0; i < sessions; i++) {
                String path = root + "/k" + i;
                zks.get(0).create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                writers.add(new Writer(i, zks.get(i), path, inFlight));
            }
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            Sessions.close(zks);
            throw e;
        }
        for (Writer w : writers) {
            w.thread.start();
        }
    }

    /** From now, only requests issued after {@code nanos} count as "after the mark". */
    void mark(long nanos) {
        firstOkAfterMark.set(0);
        for (Writer w : writers) {
            w.firstOkAfterMark.set(0);
        }
        mark = nanos;
    }

    /** Completion time (System.nanoTime) of the first success issued after the mark, or 0. */
    long firstOkAfterMark() {
        return firstOkAfterMark.get();
    }

    /** The latest of the sessions' first successes after the mark, or 0 while some session has none yet. */
    long allSessionsOkAfterMark() {
        long latest = 0;
        for (Writer w : writers) {
            long t = w.firstOkAfterMark.get();
            if (t == 0) {
                return 0;
            }
            latest = Math.max(latest, t);
        }
        return latest;
    }

    /** Sessions (by index) with no success after the mark. */
    List<Integer> sessionsWithoutOkAfterMark() {
        List<Integer> out = new ArrayList<>();
        for (Writer w : writers) {
            if (w.firstOkAfterMark.get() == 0) {
                out.add(w.index);
            }
        }
        return out;
    }

    /**
     * Durability check after the kills: every acknowledged setData bumped its znode's version, so the versions must
     * sum to at least the acknowledged count (a failed call may or may not have been applied, so more is allowed).
     */
    String verify() throws InterruptedException {
        try {
            long versions = 0;
            ZooKeeper zk = writers.get(0).zk;
            for (Writer w : writers) {
                versions += zk.exists(w.path, false).getVersion();
            }
            long acked = ok.get();
            return "verify: " + acked + " acknowledged setData, znode versions sum to " + versions
                    + (versions >= acked ? " (ok)" : " (LOST at least " + (acked - versions) + " acknowledged writes)");
        } catch (KeeperException | RuntimeException e) {
            return "verify: could not read the versions: " + e;
        }
    }

    /** Negotiated session timeouts (ms), one per session. */
    List<Integer> sessionTimeouts() {
        return writers.stream().map(w -> w.zk.getSessionTimeout()).toList();
    }

    /** Stops issuing and waits (bounded) for the outstanding calls, so that {@link #verify} sees a final count. */
    void stop() throws InterruptedException {
        stop = true;
        for (Writer w : writers) {
            w.thread.join(10_000);
            w.permits.tryAcquire(w.inFlight, 10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Writer w : writers) {
            w.thread.join(10_000);
            try {
                w.zk.close(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Writer implements Runnable {
        final int index;
        final String path;
        final Semaphore permits;
        final int inFlight;
        final Thread thread;
        final AtomicLong firstOkAfterMark = new AtomicLong();
        final byte[] data = new byte[100];
        volatile ZooKeeper zk;
        volatile long backoffUntil;
        volatile boolean expired;

        Writer(int index, ZooKeeper zk, String path, int inFlight) {
            this.index = index;
            this.zk = zk;
            this.path = path;
            this.permits = new Semaphore(inFlight);
            this.inFlight = inFlight;
            this.thread = new Thread(this, "failover-writer-" + index);
            this.thread.setDaemon(true);
        }

        private final StatCallback done = (rc, p, ctx, stat) -> {
            long now = System.nanoTime();
            long issued = (Long) ctx;
            if (rc == KeeperException.Code.OK.intValue()) {
                ok.incrementAndGet();
                if (issued > mark) {
                    firstOkAfterMark.compareAndSet(0, now);
                    FailoverWriters.this.firstOkAfterMark.compareAndSet(0, now);
                }
            } else {
                errors.incrementAndGet();
                if (rc == KeeperException.Code.SESSIONEXPIRED.intValue()) {
                    expired = true;
                }
                // Without a server the client fails calls at once; don't spin on them.
                backoffUntil = now + TimeUnit.MILLISECONDS.toNanos(10);
            }
            Writer.this.permits.release();
        };

        @Override
        public void run() {
            while (!stop) {
                try {
                    if (expired) {
                        renew();
                        continue;
                    }
                    long wait = backoffUntil - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    zk.setData(path, data, -1, done, System.nanoTime());
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }

        /** The old session is gone for good: wait out its outstanding calls, then open a new one. */
        private void renew() throws InterruptedException, IOException {
            expirations.incrementAndGet();
            ZooKeeper old = zk;
            old.close(1_000);
            zk = new ZooKeeper(connect, SESSION_TIMEOUT_MS, event -> { });
            expired = false;
        }
    }
}
