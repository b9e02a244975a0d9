package io.warden.examples.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.testkit.WardenStandalone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as a user runs it: its jar in a plugins folder named by {@code recipe.path}, the recipe named by its
 * short name in zoo.cfg, used by the official client through plain znodes. The recipe's classes are not on this test's
 * class path (see the pom): the server finds them in the jar or not at all.
 */
class PluginLoadingIT {

    @Test
    void theRecipeIsLoadedFromThePluginsFolderAndHandsOutIds(@TempDir Path dir) throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.warden.examples.ids.IdAllocatorRecipe"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("plugin.jar")), plugins.resolve("warden-recipe-example.jar"));
        try (WardenStandalone server = WardenStandalone.builder().zooCfg("recipe.path", plugins.toString())
                .recipe("ids", "id-allocator", Map.of("root", "/ids")).start()) {
            ZooKeeper zk = connect(server.connectString());
            try {
                until(() -> zk.exists("/ids/requests", false) != null);
                List<String> requests = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    requests.add(zk.create("/ids/requests/r-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.EPHEMERAL_SEQUENTIAL));
                }
                for (int i = 0; i < requests.size(); i++) {
                    String path = requests.get(i);
                    until(() -> zk.getData(path, false, null).length > 0);
                    assertEquals(Integer.toString(i + 1), new String(zk.getData(path, false, null), StandardCharsets.UTF_8),
                            "ids in the order the requests were made");
                }
                assertEquals("21", new String(zk.getData("/ids", false, null), StandardCharsets.UTF_8));
            } finally {
                zk.close();
            }
        }
    }

    @Test
    void withoutThePluginsFolderTheStartFailsNamingTheLine(@TempDir Path dir) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> WardenStandalone.builder()
                .dataDir(dir).recipe("ids", "id-allocator", Map.of("root", "/ids")).start());
        assertEquals(true, e.getMessage().startsWith("recipe.ids=id-allocator: no recipe named 'id-allocator'"),
                e.getMessage());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void until(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (KeeperException.NoNodeException e) {
                // not there yet
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 30 s");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("not connected");
        }
        return zk;
    }
}
