package io.warden.server.recipes;

import static io.warden.server.recipes.Zk.bytes;
import static io.warden.server.recipes.Zk.text;
import static io.warden.server.recipes.Zk.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.server.WardenServer;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe configured in zoo.cfg runs on a standalone server and works through plain znodes, seen by a real client. */
class RecipeHostTest {
    private static final String[] MIRROR = {"recipe.m=" + MirrorRecipe.class.getName(), "recipe.m.root=/apps/mirror"};

    @Test
    void aRecipeSeesCommittedChangesAndWritesThroughTheClientPath(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir, MIRROR); ZooKeeper zk = Zk.connect(server.connectString())) {
            // The host made the root and its parent; the recipe made its folders.
            until("the recipe's folders", () -> zk.exists("/apps/mirror/in", false) != null);
            zk.create("/apps/mirror/in/a", bytes("hello"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            until("the copy of a", () -> zk.exists("/apps/mirror/out/a", false) != null);
            Stat stat = new Stat();
            assertEquals("hello", text(zk.getData("/apps/mirror/out/a", false, stat)));
            // Written by the recipe's own session, ordered after the client's create.
            Stat original = zk.exists("/apps/mirror/in/a", false);
            assertNotNull(original);
            assertEquals(true, stat.getCzxid() > original.getCzxid());
        }
    }

    @Test
    void aNewInstanceRebuildsFromTheTree(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir); ZooKeeper zk = Zk.connect(server.connectString())) {
            zk.create("/apps", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/apps/mirror", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/apps/mirror/in", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/apps/mirror/in/before", bytes("old"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        try (WardenServer server = RecipeServers.start(dir, MIRROR); ZooKeeper zk = Zk.connect(server.connectString())) {
            until("the copy of a node made before the recipe ran", () -> zk.exists("/apps/mirror/out/before", false) != null);
            assertEquals("old", text(zk.getData("/apps/mirror/out/before", false, null)));
        }
    }

    @Test
    void aRecipeHearsOfEverySessionEndWithItsEphemerals(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir, MIRROR); ZooKeeper zk = Zk.connect(server.connectString())) {
            until("the recipe's folders", () -> zk.exists("/apps/mirror/in", false) != null);
            ZooKeeper other = Zk.connect(server.connectString());
            long id = other.getSessionId();
            other.create("/apps/mirror/in/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            other.create("/elsewhere", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            other.close();
            String ended = "/apps/mirror/ended/" + Long.toHexString(id);
            until("the end of session " + Long.toHexString(id), () -> zk.exists(ended, false) != null);
            assertEquals("closed /apps/mirror/in/e", text(zk.getData(ended, false, null)));
        }
    }
}
