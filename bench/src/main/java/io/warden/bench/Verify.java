package io.warden.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.ZooKeeper;

/**
 * After a write workload, checks that the server applied what it acknowledged: the keys' versions (or the create
 * parent's children) must add up to the successful writes, read after a sync. A fast server that drops writes must
 * not look good.
 */
final class Verify {
    private Verify() {
    }

    /** "ok", "n/a" for read-only workloads, or what differs. */
    static String check(ZooKeeper zk, Setup setup, Workload w, long expected, Duration timeout) throws InterruptedException {
        if (!w.writes()) {
            return "n/a";
        }
        // The checking session's server may not have applied every write that other servers already acknowledged
        // (ZooKeeper's reads are sequentially consistent, not linearizable): sync first, as a client must.
        CountDownLatch synced = new CountDownLatch(1);
        AtomicLong syncRc = new AtomicLong();
        zk.sync("/", (rc, path, ctx) -> {
            syncRc.set(rc);
            synced.countDown();
        }, null);
        if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return "check timed out (sync)";
        }
        if (syncRc.get() != 0) {
            return "check failed: sync returned " + syncRc.get();
        }
        if (w == Workload.CREATE) {
            try {
                long children = zk.exists(setup.createParent, false).getNumChildren();
                return children == expected ? "ok" : "mismatch: " + expected + " creates acknowledged, " + children + " children";
            } catch (org.apache.zookeeper.KeeperException e) {
                return "check failed: " + e.getMessage();
            }
        }
        LongAdder versions = new LongAdder();
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(setup.keys.length);
        for (String key : setup.keys) {
            zk.exists(key, false, (rc, path, ctx, stat) -> {
                if (rc == 0 && stat != null) {
                    versions.add(stat.getVersion());
                } else {
                    failures.incrementAndGet();
                }
                done.countDown();
            }, null);
        }
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return "check timed out";
        }
        if (failures.get() > 0) {
            return "check failed for " + failures.get() + " keys";
        }
        return versions.sum() == expected ? "ok"
                : "mismatch: " + expected + " version bumps acknowledged, " + versions.sum() + " found";
    }
}
