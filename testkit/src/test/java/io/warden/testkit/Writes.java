package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Creates znodes through the official client and remembers which the ensemble acknowledged, and when: an
 * acknowledged write must be in every replica at the end, whatever happened in between.
 */
final class Writes {
    /** When an acknowledgement came, relative to the phases a test marks. */
    record Ack(String path, String phase) {
    }

    private final Map<String, Ack> acked = new ConcurrentHashMap<>();
    private final Map<String, KeeperException.Code> failed = new ConcurrentHashMap<>();
    private volatile String phase = "start";

    /** Acknowledgements arriving from now on are marked {@code name}. */
    void phase(String name) {
        phase = name;
    }

    /**
     * Sends {@code count} creates under {@code prefix} without waiting, and returns a latch that opens when all are
     * answered (acknowledged or failed).
     */
    CountDownLatch send(ZooKeeper zk, String prefix, int count) {
        CountDownLatch answered = new CountDownLatch(count);
        AsyncCallback.StringCallback cb = (rc, path, ctx, name) -> {
            if (rc == KeeperException.Code.OK.intValue()) {
                acked.put(path, new Ack(path, phase));
            } else {
                failed.put(path, KeeperException.Code.get(rc));
            }
            answered.countDown();
        };
        for (int i = 0; i < count; i++) {
            zk.create(prefix + i, new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, cb, null);
        }
        return answered;
    }

    /** Sends and waits for every answer. */
    void sendAndAwait(ZooKeeper zk, String prefix, int count, Duration within) throws InterruptedException {
        await(send(zk, prefix, count), within);
    }

    static void await(CountDownLatch answered, Duration within) throws InterruptedException {
        assertTrue(answered.await(within.toMillis(), TimeUnit.MILLISECONDS),
                "every write was answered within " + within + " (" + answered.getCount() + " were not)");
    }

    /**
     * Creates {@code path} synchronously, trying again after a connection loss (the client then moves to another
     * server), until acknowledged or {@code within} has passed. NODEEXISTS after a loss means an earlier try landed.
     */
    void createRetrying(ZooKeeper zk, String path, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                acked.put(path, new Ack(path, phase));
                return;
            } catch (KeeperException.NodeExistsException e) {
                acked.put(path, new Ack(path, phase));
                return;
            } catch (KeeperException.ConnectionLossException | KeeperException.OperationTimeoutException e) {
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError("could not create " + path + " within " + within, e);
                }
            } catch (KeeperException e) {
                throw new AssertionError("creating " + path, e);
            }
        }
    }

    List<Ack> acked() {
        return List.copyOf(acked.values());
    }

    List<String> ackedIn(String phaseName) {
        return acked.values().stream().filter(a -> a.phase().equals(phaseName)).map(Ack::path).sorted().toList();
    }

    Map<String, KeeperException.Code> failed() {
        return Map.copyOf(failed);
    }

    /** Waits until {@code zk}'s server has caught up with the leader (a successful sync). */
    static void syncOrFail(ZooKeeper zk) throws InterruptedException {
        CountDownLatch synced = new CountDownLatch(1);
        int[] result = {-1};
        zk.sync("/", (rc, path, ctx) -> {
            result[0] = rc;
            synced.countDown();
        }, null);
        assertTrue(synced.await(30, TimeUnit.SECONDS), "sync answered");
        assertTrue(result[0] == KeeperException.Code.OK.intValue(), "sync failed: " + KeeperException.Code.get(result[0]));
    }

    /** Every acknowledged write is in the tree {@code zk}'s server has (after a sync). */
    void assertAllPresent(ZooKeeper zk) throws Exception {
        syncOrFail(zk);
        List<String> missing = new ArrayList<>();
        for (Ack a : acked.values()) {
            if (zk.exists(a.path(), false) == null) {
                missing.add(a.path() + " (acknowledged in " + a.phase() + ")");
            }
        }
        assertTrue(missing.isEmpty(), "acknowledged writes are missing: " + missing);
    }

    Set<String> ackedPaths() {
        return Set.copyOf(acked.keySet());
    }
}
