package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable before visible: every write a client saw acknowledged survives a SIGKILL of the server. */
class CrashRecoveryTest {

    @Test
    void noAcknowledgedWriteIsLostToKillNine(@TempDir Path dir) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int total = 1500;
        int killAfter = 500;
        try (ServerProcess first = ServerProcess.start(dir)) {
            ZooKeeper zk = Clients.connect(first.connectString());
            try {
                zk.create("/crash", bytes("parent"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.setData("/crash", bytes("v1"), 0);
                CountDownLatch enough = new CountDownLatch(killAfter);
                for (int i = 0; i < total; i++) {
                    zk.create("/crash/n" + i, bytes("d" + i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                            (rc, path, ctx, name) -> {
                                if (rc == KeeperException.Code.OK.intValue()) {
                                    acknowledged.add(path);
                                    enough.countDown();
                                }
                            }, null);
                }
                assertTrue(enough.await(60, TimeUnit.SECONDS), "acknowledgements before the kill");
                // Killed with writes still in flight.
                first.kill();
            } finally {
                // The server is gone: do not wait long for the goodbye it cannot answer.
                zk.close(500);
            }
        }
        assertTrue(acknowledged.size() >= killAfter);

        try (ServerProcess second = ServerProcess.start(dir);
             ZooKeeper zk = Clients.connect(second.connectString())) {
            assertEquals("v1", text(zk.getData("/crash", false, null)));
            List<String> children = zk.getChildren("/crash", false);
            Set<String> present = ConcurrentHashMap.newKeySet();
            for (String c : children) {
                present.add("/crash/" + c);
            }
            List<String> lost = new ArrayList<>();
            for (String a : acknowledged) {
                if (!present.contains(a)) {
                    lost.add(a);
                }
            }
            assertEquals(List.of(), lost, "acknowledged creates missing after the restart");
            // Writes are applied in order: what survived is a prefix of what was sent.
            for (int i = 0; i < children.size(); i++) {
                assertTrue(present.contains("/crash/n" + i), "a gap at n" + i + " with " + children.size() + " present");
            }
            assertNotNull(zk.exists("/crash/n0", false));
            assertEquals("d7", text(zk.getData("/crash/n7", false, null)));
            // And the recovered server takes new writes.
            zk.create("/crash/after", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }
}
