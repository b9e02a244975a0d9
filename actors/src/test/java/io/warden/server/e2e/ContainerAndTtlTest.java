package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Containers and TTL nodes (extended types on), removed by the server's periodic sweep, here every 100 ms. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerAndTtlTest {
    private static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    private WardenServer server;
    private ZooKeeper zk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0)
                .withExtendedTypesEnabled(true)
                .withContainerCheckIntervalMs(100));
        zk = Clients.connect(server.connectString());
    }

    @AfterAll
    void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void containerIsDeletedOnceItsLastChildGoes() throws Exception {
        Stat stat = new Stat();
        zk.create("/container-used", null, OPEN, CreateMode.CONTAINER, stat);
        zk.create("/container-never-used", null, OPEN, CreateMode.CONTAINER);
        assertEquals(0, stat.getEphemeralOwner(), "ZooKeeper shows clients 0 for a container's internal owner mark");
        zk.create("/container-used/child", null, OPEN, CreateMode.PERSISTENT);
        Events events = new Events();
        assertNotNull(zk.exists("/container-used", events));
        zk.delete("/container-used/child", -1);

        assertEquals(EventType.NodeDeleted, events.next().getType());
        assertNull(zk.exists("/container-used", false));
        // The same sweep saw the never-used container and, as ZooKeeper by default, kept it.
        assertNotNull(zk.exists("/container-never-used", false));
    }

    @Test
    void ttlNodesCarryTheirTtlAndExpire() throws Exception {
        Stat stat = new Stat();
        zk.create("/ttl", bytes("t"), OPEN, CreateMode.PERSISTENT_WITH_TTL, stat, 300);
        assertEquals(0, stat.getEphemeralOwner(), "ZooKeeper shows clients 0 for a TTL node's internal owner mark");
        String seq = zk.create("/ttl-seq-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, stat, 60_000);
        assertTrue(seq.matches("/ttl-seq-\\d{10}"), seq);
        assertEquals(0, stat.getEphemeralOwner());

        Events events = new Events();
        assertNotNull(zk.exists("/ttl", events));
        assertEquals(EventType.NodeDeleted, events.next().getType());
        assertNull(zk.exists("/ttl", false));
        assertNotNull(zk.exists(seq, false), "a TTL of a minute has not run out");
    }

    @Test
    void aTtlNodeWithChildrenIsKept() throws Exception {
        zk.create("/ttl-parent", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 200);
        zk.create("/ttl-parent/child", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/ttl-alone", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 200);
        Events gone = new Events();
        assertNotNull(zk.exists("/ttl-alone", gone));
        assertEquals(EventType.NodeDeleted, gone.next().getType());
        // The sweep that removed the lone node saw the parent too, and kept it for its child.
        assertNotNull(zk.exists("/ttl-parent", false));
    }
}
