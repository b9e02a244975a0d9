package io.warden.server.recipes;

import static io.warden.server.recipes.Zk.bytes;
import static io.warden.server.recipes.Zk.text;
import static io.warden.server.recipes.Zk.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ConfigException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe cannot take the server down or reach outside its root: one that throws is started again with backoff and
 * counted, one that blocks stalls only the recipe threads, and its writes are held to its root and to its in-flight
 * limit. A recipe that cannot be made stops the start with its config line named.
 */
class RecipeIsolationTest {

    @Test
    void aRecipeThatThrowsAtStartIsRestartedWithBackoffAndCountedWhileClientsAreServed(@TempDir Path dir)
            throws Exception {
        int before = TroubleRecipes.ThrowsAtStart.STARTS.get();
        try (WardenServer server = RecipeServers.start(dir, "recipe.t=" + TroubleRecipes.ThrowsAtStart.class.getName(),
                "recipe.t.root=/t"); ZooKeeper zk = Zk.connect(server.connectString())) {
            until("three starts", () -> TroubleRecipes.ThrowsAtStart.STARTS.get() - before >= 3);
            until("restarts counted in mntr", () -> restarts(server, "t") >= 2);
            assertServes(zk);
            assertTrue(fourLetterWord(server, "srvr").contains("Recipe t: " + TroubleRecipes.ThrowsAtStart.class.getName()
                    + " under /t, "), fourLetterWord(server, "srvr"));
        }
    }

    @Test
    void aRecipeThatThrowsWhileRunningIsRestarted(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir,
                "recipe.t=" + TroubleRecipes.ThrowsWhileRunning.class.getName(), "recipe.t.root=/t");
             ZooKeeper zk = Zk.connect(server.connectString())) {
            until("three instances each left a mark", () -> zk.exists("/t", false) != null
                    && zk.getChildren("/t", false).size() >= 3);
            until("restarts counted", () -> restarts(server, "t") >= 2);
            assertServes(zk);
        }
    }

    @Test
    void aRecipeThatBlocksStallsNeitherClientsNorOtherRecipes(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir, "recipe.b=" + TroubleRecipes.Blocks.class.getName(),
                "recipe.b.root=/b", "recipe.m=" + MirrorRecipe.class.getName(), "recipe.m.root=/m");
             ZooKeeper zk = Zk.connect(server.connectString())) {
            assertTrue(TroubleRecipes.Blocks.BLOCKED.await(Zk.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertServes(zk);
            until("the other recipe's folders", () -> zk.exists("/m/in", false) != null);
            zk.create("/m/in/x", bytes("y"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            until("the other recipe still works", () -> zk.exists("/m/out/x", false) != null);
            // Let it go before the server stops: a recipe blocked for good holds up the actor system's shutdown.
            TroubleRecipes.Blocks.RELEASE.countDown();
        } finally {
            TroubleRecipes.Blocks.RELEASE.countDown();
        }
    }

    @Test
    void aRecipeMayWriteOnlyUnderItsRoot(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir,
                "recipe.o=" + TroubleRecipes.WritesOutsideItsRoot.class.getName(), "recipe.o.root=/o");
             ZooKeeper zk = Zk.connect(server.connectString())) {
            until("three refusals recorded", () -> zk.exists("/o", false) != null
                    && zk.getChildren("/o", false).size() == 3);
            for (int i = 1; i <= 3; i++) {
                assertTrue(text(zk.getData("/o/refused-" + i, false, null)).startsWith("OUTSIDE_ROOT recipe o may write"
                        + " only under /o, not "), text(zk.getData("/o/refused-" + i, false, null)));
            }
            assertNull(zk.exists("/outside", false));
            assertNull(zk.exists("/o-sibling", false));
            assertNull(zk.exists("/o/inside", false), "a multi with one op outside is refused as a whole");
            assertTrue(zk.exists("/zookeeper/quota", false) != null);
        }
    }

    @Test
    void aRecipesWritesInFlightAreBounded(@TempDir Path dir) throws Exception {
        try (WardenServer server = RecipeServers.start(dir, "recipe.f=" + TroubleRecipes.Floods.class.getName(),
                "recipe.f.root=/f", "recipe.f.maxWritesInFlight=5");
             ZooKeeper zk = Zk.connect(server.connectString())) {
            until("the flood's result", () -> zk.exists("/f/result", false) != null);
            // All 50 were sent at once: the first 5 were taken, and beyond them only as many as were answered
            // meanwhile (answers may arrive while the rest are still being sent).
            String[] result = text(zk.getData("/f/result", false, null)).split("[ =]");
            int created = Integer.parseInt(result[1]);
            int refused = Integer.parseInt(result[3]);
            assertEquals(TroubleRecipes.Floods.WRITES, created + refused);
            assertTrue(created >= 5 && refused > 0, "created " + created + ", refused " + refused);
            assertEquals(created + 1, zk.getChildren("/f", false).size());
        }
    }

    @Test
    void aRecipeThatCannotBeMadeStopsTheStartNamingItsLine(@TempDir Path dir) {
        for (String[] c : List.of(
                new String[] {"recipe.x=org.example.Missing", "recipe class org.example.Missing not found"},
                new String[] {"recipe.x=" + TroubleRecipes.NotARecipe.class.getName(), "does not implement io.warden.recipe.Recipe"},
                new String[] {"recipe.x=" + TroubleRecipes.NoDefaultConstructor.class.getName(),
                        "has no public constructor without arguments"},
                new String[] {"recipe.x=" + TroubleRecipes.ThrowsInConstructor.class.getName(),
                        "failed in its constructor: java.lang.IllegalStateException: cannot be made"},
                new String[] {"recipe.x=nosuchrecipe", "no recipe named 'nosuchrecipe'"})) {
            ConfigException e = assertThrows(ConfigException.class, () -> RecipeServers.start(dir, c[0]));
            assertTrue(e.getMessage().startsWith(c[0] + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        ConfigException orphan = assertThrows(ConfigException.class, () -> RecipeServers.start(dir, "recipe.y.root=/y"));
        assertTrue(orphan.getMessage().contains("settings for recipe 'y' (recipe.y.*) but no line recipe.y=CLASS"),
                orphan.getMessage());
        ConfigException root = assertThrows(ConfigException.class, () -> RecipeServers.start(dir,
                "recipe.m=" + MirrorRecipe.class.getName(), "recipe.m.root=/zookeeper/m"));
        assertTrue(root.getMessage().contains("must not be / or under /zookeeper"), root.getMessage());
    }

    private static void assertServes(ZooKeeper zk) throws Exception {
        String path = zk.create("/probe-", bytes("alive"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        assertEquals("alive", text(zk.getData(path, false, null)));
    }

    static long restarts(WardenServer server, String recipe) throws Exception {
        for (String line : fourLetterWord(server, "mntr").split("\n")) {
            String[] kv = line.split("\t");
            if (kv[0].equals("warden_recipe_" + recipe + "_restarts")) {
                return Long.parseLong(kv[1]);
            }
        }
        return -1;
    }

    static String fourLetterWord(WardenServer server, String word) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.clientPort()), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
