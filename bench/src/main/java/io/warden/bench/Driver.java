package io.warden.bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Closed loop: keeps {@code inFlight} requests outstanding on every session; each reply records its latency and, while
 * the driver runs, sends the next request from the session's callback thread. Open loop (a rate): a pacer thread sends
 * requests on a fixed schedule, round robin over the sessions, and each latency counts from when its request was due,
 * so a server that falls behind is charged for the wait (no coordinated omission). Latencies go to a {@link Recorder}
 * (microseconds) so the caller can cut warm-up and measured intervals without stopping the load.
 */
final class Driver {
    private final List<ZooKeeper> sessions;
    private final Setup setup;
    private final Workload workload;
    private final int inFlight;
    private final byte[] data;
    final Recorder latencyUs = new Recorder(3);
    final LongAdder errors = new LongAdder();
    /** Version bumps the successful writes must have made: setData +1 on its key, multi +2, create +1 child. */
    final LongAdder expectedBumps = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final double rate;
    private volatile boolean running;
    private volatile String fatal;

    Driver(List<ZooKeeper> sessions, Setup setup, LoadSpec spec, byte[] data) {
        this.sessions = sessions;
        this.setup = setup;
        this.workload = spec.workload();
        this.inFlight = spec.inFlight();
        this.rate = spec.rate();
        this.data = data;
    }

    void start() {
        running = true;
        if (rate > 0) {
            Thread pacer = new Thread(this::pace, "bench-pacer");
            pacer.setDaemon(true);
            pacer.start();
            return;
        }
        for (ZooKeeper zk : sessions) {
            Slot slot = new Slot(zk);
            for (int i = 0; i < inFlight; i++) {
                outstanding.incrementAndGet();
                slot.issue();
            }
        }
    }

    /**
     * The open loop's schedule: request i is due at start + i / rate. Due requests go out at once (a late pacer
     * catches up); with {@code inFlight} outstanding per session on average the schedule waits, and the wait shows in
     * the latencies, which count from the due time.
     */
    private void pace() {
        Slot[] slots = sessions.stream().map(Slot::new).toArray(Slot[]::new);
        int cap = slots.length * inFlight;
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime();
        for (long i = 0; running; ) {
            long due = start + (long) (i * periodNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (outstanding.get() >= cap) {
                LockSupport.parkNanos(20_000);
            } else {
                outstanding.incrementAndGet();
                slots[(int) (i % slots.length)].send(due);
                i++;
            }
        }
    }

    /** Stops sending; requests already sent still complete. */
    void stop() {
        running = false;
    }

    int outstanding() {
        return outstanding.get();
    }

    /** Why a session gave up (session expired, auth failed), or null. */
    String fatal() {
        return fatal;
    }

    /** One session's request loop; its callbacks all run on that session's event thread. */
    private final class Slot implements AsyncCallback.StringCallback, AsyncCallback.StatCallback,
            AsyncCallback.DataCallback {
        private final ZooKeeper zk;
        // Their processResult methods erase to the same signature, so they cannot share one class.
        private final AsyncCallback.ChildrenCallback childrenDone = (rc, path, ctx, children) -> done(rc, ctx);
        private final AsyncCallback.MultiCallback multiDone = (rc, path, ctx, results) -> {
            if (rc == 0) {
                expectedBumps.add(2);
            }
            done(rc, ctx);
        };

        Slot(ZooKeeper zk) {
            this.zk = zk;
        }

        void issue() {
            if (!running) {
                outstanding.decrementAndGet();
                return;
            }
            send(System.nanoTime());
        }

        /** Sends one request, its latency counted from {@code startNanos}. */
        void send(long startNanos) {
            Long start = startNanos;
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            switch (workload) {
                case CREATE -> zk.create(setup.createParent + "/n-", data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT_SEQUENTIAL, this, start);
                case SET_DATA -> zk.setData(key(rnd), data, -1, this, start);
                case GET_DATA -> zk.getData(key(rnd), false, this, start);
                case EXISTS -> zk.exists(key(rnd), false, this, start);
                case GET_CHILDREN -> zk.getChildren(setup.directory, false, childrenDone, start);
                case MULTI -> {
                    int n = setup.keys.length;
                    int a = rnd.nextInt(n);
                    int b = (a + 1 + rnd.nextInt(n - 1)) % n;
                    int c = rnd.nextInt(n - 2);
                    if (c >= Math.min(a, b)) {
                        c++;
                    }
                    if (c >= Math.max(a, b)) {
                        c++;
                    }
                    zk.multi(List.of(Op.setData(setup.keys[a], data, -1), Op.setData(setup.keys[b], data, -1),
                            Op.check(setup.keys[c], -1)), multiDone, start);
                }
                case MIXED -> {
                    if (rnd.nextInt(10) == 0) {
                        zk.setData(key(rnd), data, -1, this, start);
                    } else {
                        zk.getData(key(rnd), false, this, start);
                    }
                }
            }
        }

        private String key(ThreadLocalRandom rnd) {
            return setup.keys[rnd.nextInt(setup.keys.length)];
        }

        private void done(int rc, Object ctx) {
            long us = (System.nanoTime() - (Long) ctx) / 1_000;
            if (rc == 0) {
                latencyUs.recordValue(Math.max(us, 0));
            } else {
                errors.increment();
                KeeperException.Code code = KeeperException.Code.get(rc);
                if (code == KeeperException.Code.SESSIONEXPIRED || code == KeeperException.Code.AUTHFAILED
                        || code == KeeperException.Code.SESSIONCLOSEDREQUIRESASLAUTH) {
                    // Every later request would fail at once: a tight error loop measures nothing.
                    fatal = "session 0x" + Long.toHexString(zk.getSessionId()) + ": " + code;
                    outstanding.decrementAndGet();
                    return;
                }
            }
            if (rate > 0) {
                outstanding.decrementAndGet();
            } else {
                issue();
            }
        }

        @Override
        public void processResult(int rc, String path, Object ctx, String name) {
            if (rc == 0) {
                expectedBumps.increment();
            }
            done(rc, ctx);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, Stat stat) {
            if (rc == 0 && workload != Workload.EXISTS) {
                expectedBumps.increment(); // a setData (setData or mixed)
            }
            done(rc, ctx);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, byte[] bytes, Stat stat) {
            done(rc, ctx);
        }
    }
}
