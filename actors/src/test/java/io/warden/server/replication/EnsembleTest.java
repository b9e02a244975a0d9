package io.warden.server.replication;

import io.warden.server.TestPorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.persistence.Purger;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.WardenServer;
import io.warden.server.node.Recovery;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-server ensemble in one JVM (three actor systems on loopback), driven by the official ZooKeeper client. */
class EnsembleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The size of the znodes that make up a message larger than a transport frame. */
    private static final int BIG = 1_000_000;

    @TempDir
    Path dir;
    private final List<WardenServer> servers = new ArrayList<>(List.of());
    private final List<ZooKeeper> clients = new ArrayList<>();
    private ServerConfig[] configs;

    @AfterEach
    void stop() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        for (WardenServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }

    private void configure(int n) throws IOException {
        configure(n, 0);
    }

    /** {@code n} servers, the last {@code observers} of them observers. */
    private void configure(int n, int observers) throws IOException {
        configure(n, observers, "");
    }

    /** {@code n} servers, the last {@code observers} of them observers, with {@code extra} zoo.cfg lines. */
    private void configure(int n, int observers, String extra) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append("server.").append(i).append("=127.0.0.1:").append(freePort()).append(':').append(freePort())
                    .append(i > n - observers ? ":observer" : "")
                    .append(";127.0.0.1:").append(freePort()).append('\n');
        }
        configs = new ServerConfig[n + 1];
        for (int i = 1; i <= n; i++) {
            Path d = Files.createDirectories(dir.resolve("s" + i));
            Files.writeString(d.resolve("myid"), Integer.toString(i));
            Path cfg = d.resolve("zoo.cfg");
            Files.writeString(cfg, "tickTime=200\ninitLimit=20\nsyncLimit=10\ndataDir=.\n4lw.commands.whitelist=*\n" + extra
                    + lines);
            configs[i] = ZooCfg.load(cfg, w -> { });
        }
    }

    private void startAll(int n) throws Exception {
        servers.add(null);
        List<CompletableFuture<WardenServer>> starting = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ServerConfig c = configs[i];
            starting.add(CompletableFuture.supplyAsync(() -> WardenServer.start(c)));
        }
        for (CompletableFuture<WardenServer> f : starting) {
            servers.add(f.get(60, TimeUnit.SECONDS));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private int leader() throws InterruptedException {
        int[] found = {-1};
        await("one server leads and the others follow", () -> {
            int leaders = 0;
            int followers = 0;
            for (int i = 1; i < servers.size(); i++) {
                WardenServer s = servers.get(i);
                if (s == null) {
                    continue;
                }
                if (s.mode().equals("leader")) {
                    leaders++;
                    found[0] = i;
                } else if (s.mode().equals("follower")) {
                    followers++;
                }
            }
            return leaders == 1 && followers >= 1;
        });
        return found[0];
    }

    private ZooKeeper connect(int i) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(servers.get(i).connectString(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        assertTrue(connected.await(30, TimeUnit.SECONDS), "connected to server " + i);
        return zk;
    }

    @Test
    void writesThroughAFollowerAreSeenEverywhereAndSurviveTheLeader() throws Exception {
        configure(3);
        startAll(3);
        int leader = leader();
        int f1 = leader == 1 ? 2 : 1;
        int f2 = 6 - leader - f1;

        ZooKeeper viaFollower = connect(f1);
        String created = viaFollower.create("/app", "v1".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals("/app", created);
        viaFollower.create("/app/e-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);

        ZooKeeper other = connect(f2);
        other.sync("/", (rc, path, ctx) -> { }, null);
        Stat stat = new Stat();
        assertArrayEquals("v1".getBytes(), other.getData("/app", false, stat));
        assertEquals(1, stat.getNumChildren());
        ZooKeeper onLeader = connect(leader);
        assertNotNull(onLeader.exists("/app/e-0000000000", false));

        servers.get(leader).close();
        servers.set(leader, null);
        int next = leader();
        assertTrue(next != leader);

        // The session lives on the surviving servers: its client reconnects if it must, and writes again.
        Stat after = viaFollower.setData("/app", "v2".getBytes(), 0);
        assertEquals(1, after.getVersion());
        other.sync("/", (rc, path, ctx) -> { }, null);
        assertArrayEquals("v2".getBytes(), other.getData("/app", false, null));

        // The old leader comes back, catches up, and serves what was written without it.
        servers.set(leader, WardenServer.start(configs[leader]));
        ZooKeeper back = connect(leader);
        await("the restarted server has caught up", () -> {
            try {
                byte[] data = back.getData("/app", false, null);
                return new String(data).equals("v2");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * A follower that was down while more was written than one transport frame holds (4 MiB) gets it all when it comes
     * back: the leader's diff travels in pieces. Sent whole, it would be dropped by the transport, and the follower
     * would wait, time out and ask again for ever.
     */
    @Test
    void aFollowerFarBehindCatchesUpThroughADiffLargerThanAFrame() throws Exception {
        configure(3);
        startAll(3);
        int leader = leader();
        int behind = leader == 1 ? 2 : 1;
        writeBigWithout(behind, connect(leader), 12);

        servers.set(behind, WardenServer.start(configs[behind]));
        assertHoldsBig(behind, 12);
    }

    /** Stops {@code absent}, then writes {@code n} znodes of 1 MB under /big through {@code zk}. */
    private void writeBigWithout(int absent, ZooKeeper zk, int n) throws Exception {
        zk.create("/big", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        servers.get(absent).close();
        servers.set(absent, null);
        byte[] data = new byte[BIG];
        for (int i = 0; i < n; i++) {
            data[0] = (byte) i;
            zk.create("/big/n" + i, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /** Server {@code i} serves, as a follower, all {@code n} znodes {@link #writeBigWithout} wrote. */
    private void assertHoldsBig(int i, int n) throws Exception {
        ZooKeeper back = connect(i);
        String last = "/big/n" + (n - 1);
        await("server " + i + " holds all " + n + " MB", () -> {
            try {
                Stat stat = back.exists(last, false);
                return stat != null && stat.getDataLength() == BIG;
            } catch (Exception e) {
                return false;
            }
        });
        byte[] read = back.getData("/big/n" + (n / 2), false, null);
        assertEquals(n / 2, read[0]);
        assertEquals(BIG, read.length);
        assertEquals("follower", servers.get(i).mode());
    }

    /**
     * A follower that comes back after the others purged the log it would need is sent a snapshot, here larger than a
     * frame (6 MB of data): it travels in pieces too.
     */
    @Test
    void aFollowerBehindAPurgedLogCatchesUpThroughASnapshotLargerThanAFrame() throws Exception {
        configure(3, 0, "snapCount=2\n");
        startAll(3);
        int leader = leader();
        int behind = leader == 1 ? 2 : 1;
        int other = 6 - leader - behind;
        ZooKeeper first = connect(leader);
        writeBigWithout(behind, first, 6);
        long firstEpoch = first.exists("/big/n5", false).getMzxid() >>> 32;
        first.close();
        clients.remove(first);

        // The two that stayed restart (each restart begins a new log segment), write on and snapshot, stop, and
        // have their logs purged down to their three newest snapshots: what the follower has is no longer in any log.
        for (int i : new int[] {leader, other}) {
            servers.get(i).close();
        }
        for (int i : new int[] {leader, other}) {
            servers.set(i, WardenServer.start(configs[i]));
        }
        int now = leader();
        ZooKeeper second = connect(now);
        for (int i = 0; i < 10; i++) {
            second.setData("/big", new byte[] {(byte) i}, -1);
        }
        second.close();
        clients.remove(second);
        for (int i : new int[] {leader, other}) {
            int server = i;
            await("server " + i + " has three snapshots of a later epoch", () -> snapshotsAfterEpoch(server, firstEpoch) >= 3);
        }
        for (int i : new int[] {leader, other}) {
            servers.get(i).close();
            long firstLogged = purge(i);
            assertTrue(firstLogged >>> 32 > firstEpoch, "server " + i + "'s log now starts after the follower's history");
        }

        List<CompletableFuture<WardenServer>> starting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ServerConfig c = configs[i];
            starting.add(CompletableFuture.supplyAsync(() -> WardenServer.start(c)));
        }
        for (int i = 1; i <= 3; i++) {
            servers.set(i, starting.get(i - 1).get(60, TimeUnit.SECONDS));
        }
        assertHoldsBig(behind, 6);
    }

    private int snapshotsAfterEpoch(int server, long epoch) {
        try {
            return (int) new SnapshotStore(Recovery.snapshotDir(configs[server])).list().stream()
                    .filter(f -> (f.zxid() >>> 32) > epoch).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** As {@code warden purge -n 3} does; returns the first zxid left in the log. */
    private long purge(int server) throws IOException {
        try (TxnLog log = TxnLog.open(Recovery.logDir(configs[server]), LogOptions.defaults())) {
            new Purger(new SnapshotStore(Recovery.snapshotDir(configs[server])), log, Purger.MIN_RETAIN).purge();
            return log.firstZxid();
        }
    }

    @Test
    void aSessionMovesBetweenServersAndAnObserverServesReads() throws Exception {
        configure(4, 1);
        startAll(4);
        int leader = leader();
        await("the observer is in step", () -> servers.get(4).mode().equals("observer"));
        int follower = leader == 1 ? 2 : 1;

        ZooKeeper first = connect(follower);
        first.create("/owned", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long session = first.getSessionId();
        byte[] password = first.getSessionPasswd();

        // The same session, resumed through the observer: sessions are the ensemble's, not one server's.
        CountDownLatch resumed = new CountDownLatch(1);
        ZooKeeper moved = new ZooKeeper(servers.get(4).connectString(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                resumed.countDown();
            }
        }, session, password);
        clients.add(moved);
        assertTrue(resumed.await(30, TimeUnit.SECONDS));
        assertEquals(session, moved.getSessionId());
        Stat owned = moved.exists("/owned", false);
        assertNotNull(owned);
        assertEquals(session, owned.getEphemeralOwner());

        // Writes through an observer are ordered by the leader like any other; its reads are served locally.
        moved.create("/via-observer", "o".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper onLeader = connect(leader);
        onLeader.sync("/", (rc, path, ctx) -> { }, null);
        assertArrayEquals("o".getBytes(), onLeader.getData("/via-observer", false, null));

        // Closing the session removes its ephemeral on every server.
        moved.close();
        clients.remove(moved);
        await("the ephemeral is gone on the leader", () -> {
            try {
                return onLeader.exists("/owned", false) == null;
            } catch (Exception e) {
                return false;
            }
        });
        ZooKeeper viaObserver = connect(4);
        viaObserver.sync("/", (rc, path, ctx) -> { }, null);
        await("the ephemeral is gone on the observer", () -> {
            try {
                return viaObserver.exists("/owned", false) == null;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
