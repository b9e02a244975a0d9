package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that loses its connection keeps its session and its watches: on reconnecting it re-registers them
 * (setWatches) with the last zxid it saw, and the server fires at once what changed meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconnectTest {
    private static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    private Path dataDir;
    private WardenServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir;
        server = WardenServer.start(config(0));
    }

    private ServerConfig config(int port) {
        return ServerConfig.standalone(dataDir).withClientPort(port);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsMissedWhileDisconnectedArriveOnReconnect() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.clientPort());
             ZooKeeper writer = Clients.connect(server.connectString())) {
            writer.create("/r-data", bytes("1"), OPEN, CreateMode.PERSISTENT);
            writer.create("/r-parent", null, OPEN, CreateMode.PERSISTENT);
            writer.create("/r-doomed", null, OPEN, CreateMode.PERSISTENT);
            Events state = new Events();
            try (ZooKeeper zk = Clients.connect(proxy.connectString(), state)) {
                long session = zk.getSessionId();
                Events data = new Events();
                Events created = new Events();
                Events children = new Events();
                Events deleted = new Events();
                Events untouched = new Events();
                Events persistent = new Events();
                zk.getData("/r-data", data, null);
                assertNull(zk.exists("/r-new", created));
                zk.getChildren("/r-parent", children);
                zk.getData("/r-doomed", deleted, null);
                zk.getData("/r-parent", untouched, null);
                zk.addWatch("/r-p", persistent, AddWatchMode.PERSISTENT_RECURSIVE);

                proxy.cutAndRefuse();
                state.awaitState(KeeperState.Disconnected);
                writer.setData("/r-data", bytes("2"), -1);
                writer.create("/r-new", null, OPEN, CreateMode.PERSISTENT);
                writer.create("/r-parent/kid", null, OPEN, CreateMode.PERSISTENT);
                writer.delete("/r-doomed", -1);
                proxy.resume();
                state.awaitState(KeeperState.SyncConnected);
                assertEquals(session, zk.getSessionId(), "the same session, reattached");

                assertEquals(EventType.NodeDataChanged, data.next().getType());
                assertEquals(EventType.NodeCreated, created.next().getType());
                assertEquals(EventType.NodeChildrenChanged, children.next().getType());
                assertEquals(EventType.NodeDeleted, deleted.next().getType());
                assertEquals("2", text(zk.getData("/r-data", false, null)));

                // Re-registered, not fired: the unchanged node's watch and the persistent watch fire on the next change.
                writer.setData("/r-parent", bytes("now"), -1);
                assertEquals(EventType.NodeDataChanged, untouched.next().getType());
                writer.create("/r-p", null, OPEN, CreateMode.PERSISTENT);
                writer.create("/r-p/deep", null, OPEN, CreateMode.PERSISTENT);
                WatchedEvent first = persistent.next();
                WatchedEvent second = persistent.next();
                assertEquals("NodeCreated /r-p", first.getType() + " " + first.getPath());
                assertEquals("NodeCreated /r-p/deep", second.getType() + " " + second.getPath());
            }
        }
    }

    @Test
    void sessionDataAndWatchesSurviveARestartOnTheSameDataDir() throws Exception {
        int port = server.clientPort();
        Events state = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString(), state)) {
            zk.create("/restart", bytes("before"), OPEN, CreateMode.PERSISTENT);
            zk.create("/restart-eph", null, OPEN, CreateMode.EPHEMERAL);
            for (int i = 0; i < 50; i++) {
                zk.create("/restart/n-", bytes("x" + i), OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
            }
            Events watch = new Events();
            zk.getData("/restart", watch, null);

            server.close();
            server = null;
            state.awaitState(KeeperState.Disconnected);
            Bounded.until("the server restarted on port " + port, () -> {
                server = WardenServer.start(config(port));
                return true;
            });

            try (ZooKeeper writer = Clients.connect(server.connectString())) {
                assertEquals("before", text(writer.getData("/restart", false, null)));
                assertEquals(50, writer.getChildren("/restart", false).size());
                assertEquals("/restart/n-0000000050",
                        writer.create("/restart/n-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
                assertEquals(zk.getSessionId(), writer.exists("/restart-eph", false).getEphemeralOwner(),
                        "sessions are durable: the ephemeral outlives the restart");
                writer.setData("/restart", bytes("after"), -1);
            }
            // Whether the client reconnected before the write (re-registered watch) or after (missed event), once.
            assertEquals(EventType.NodeDataChanged, watch.next().getType());
            state.awaitState(KeeperState.SyncConnected);
            assertEquals("after", text(zk.getData("/restart", false, null)));
            assertEquals(List.of("/restart-eph"), zk.getEphemerals());
        }
    }

    /** More watches than fit one 128 KiB SetWatches packet: the client splits them, the server must take every part. */
    @Test
    void manyWatchesAreReRegisteredAcrossSeveralSetWatchesPackets() throws Exception {
        int n = 700;
        String prefix = "/r-many/" + "x".repeat(200) + "-";
        try (TcpProxy proxy = new TcpProxy(server.clientPort());
             ZooKeeper writer = Clients.connect(server.connectString())) {
            writer.create("/r-many", null, OPEN, CreateMode.PERSISTENT);
            CountDownLatch created = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                writer.create(prefix + i, null, OPEN, CreateMode.PERSISTENT, (rc, p, c, name) -> created.countDown(), null);
            }
            assertEquals(true, created.await(30, TimeUnit.SECONDS));
            Events state = new Events();
            try (ZooKeeper zk = Clients.connect(proxy.connectString(), state)) {
                Events watches = new Events();
                CountDownLatch watched = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    zk.getData(prefix + i, watches, (rc, p, c, d, st) -> watched.countDown(), null);
                }
                assertEquals(true, watched.await(30, TimeUnit.SECONDS));

                proxy.cutAndRefuse();
                state.awaitState(KeeperState.Disconnected);
                // Half change while the client is away (fired on reconnect), half after (fired live).
                for (int i = 0; i < n / 2; i++) {
                    writer.setData(prefix + i, bytes("away"), -1, null, null);
                }
                writer.sync("/");
                proxy.resume();
                state.awaitState(KeeperState.SyncConnected);
                for (int i = n / 2; i < n; i++) {
                    writer.setData(prefix + i, bytes("back"), -1, null, null);
                }
                Set<String> fired = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    WatchedEvent e = watches.next();
                    assertEquals(EventType.NodeDataChanged, e.getType());
                    fired.add(e.getPath());
                }
                assertEquals(n, fired.size(), "one event per watched node");
            }
        }
    }
}
