package io.warden.server.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk under the log fills up while a real server runs: what clients see, and what a restart finds. */
class FullDiskTest {
    @TempDir
    Path dir;

    @Test
    void theFailingWriteAndEveryLaterOneGetAnErrorReadsGoOnAndARestartFindsNoneOfThem() throws Exception {
        ServerConfig cfg = ServerConfig.standalone(dir).withClientPort(0);
        AtomicReference<FullDisk> disk = new AtomicReference<>();
        Map<String, Clients.Znode> acknowledged;
        try (WardenServer server = WardenServer.start(cfg, ConfigFactory.empty(), log -> {
                    FullDisk d = new FullDisk(log);
                    disk.set(d);
                    return d;
                });
             ZooKeeper zk = Clients.connect(server.connectString())) {
            for (int i = 0; i < 20; i++) {
                zk.create("/ok" + i, new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            zk.setData("/ok3", new byte[] {33}, 0);
            acknowledged = Clients.tree(zk);

            disk.get().fill();
            KeeperException first = assertThrows(KeeperException.class, () ->
                    zk.create("/refused", new byte[1], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            assertEquals(KeeperException.Code.SYSTEMERROR, first.code());
            assertTrue(disk.get().failed());

            // Every later write is refused, even with the disk emptied again: the log cannot say what reached it.
            KeeperException set = assertThrows(KeeperException.class, () -> zk.setData("/ok1", new byte[] {9}, -1));
            assertEquals(KeeperException.Code.SYSTEMERROR, set.code());
            KeeperException delete = assertThrows(KeeperException.class, () -> zk.delete("/ok2", -1));
            assertEquals(KeeperException.Code.SYSTEMERROR, delete.code());
            KeeperException multi = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                    Op.create("/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
            assertEquals(KeeperException.Code.SYSTEMERROR, multi.code());

            // Reads still work, and show that nothing refused was applied.
            assertNull(zk.exists("/refused", false));
            assertNull(zk.exists("/m", false));
            assertArrayEquals(new byte[] {1}, zk.getData("/ok1", false, new Stat()));
            assertEquals(acknowledged, Clients.tree(zk));
            assertTrue(zk.getChildren("/", false).contains("ok19"));
        }
        try (WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
            Map<String, Clients.Znode> after = Clients.tree(zk);
            assertEquals(acknowledged, after);
            assertFalse(after.containsKey("/refused"));
            // And the restarted server, on a working disk, takes writes again.
            zk.create("/again", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }
}
