package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.Watcher.Event.KeeperState;

/** Official ZooKeeper clients, connected before they are handed out. */
final class Clients {
    static final int SESSION_TIMEOUT_MS = 30_000;

    private Clients() {
    }

    static ZooKeeper connect(String connectString) throws Exception {
        return connect(connectString, new Events());
    }

    static ZooKeeper connect(String connectString, Events events) throws Exception {
        return connect(connectString, SESSION_TIMEOUT_MS, events);
    }

    static ZooKeeper connect(String connectString, int timeoutMs, Events events) throws Exception {
        ZooKeeper zk = new ZooKeeper(connectString, timeoutMs, events);
        try {
            events.awaitState(KeeperState.SyncConnected);
        } catch (Throwable t) {
            zk.close();
            throw t;
        }
        return zk;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A fresh client can write and read back: the server is still serving after whatever a test did to it. */
    static void assertServes(String connectString) throws Exception {
        try (ZooKeeper zk = connect(connectString)) {
            String path = "/probe-" + UUID.randomUUID();
            byte[] data = bytes("alive");
            zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertArrayEquals(data, zk.getData(path, false, null));
            zk.delete(path, -1);
            assertEquals(null, zk.exists(path, false));
        }
    }
}
