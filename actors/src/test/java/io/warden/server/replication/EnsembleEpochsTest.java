package io.warden.server.replication;

import io.warden.server.TestPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Zxid;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zab's epochs in a three-server ensemble in one JVM: kept across restarts and upgrades, and never acted on unsaved. */
class EnsembleEpochsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final WardenServer[] servers = new WardenServer[4];
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final ServerConfig[] configs = new ServerConfig[4];

    @AfterEach
    void stop() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        stopAll();
    }

    private void stopAll() {
        for (int i = 1; i <= 3; i++) {
            if (servers[i] != null) {
                servers[i].close();
                servers[i] = null;
            }
        }
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }

    private void configure() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            lines.append("server.").append(i).append("=127.0.0.1:").append(freePort()).append(':').append(freePort())
                    .append(";127.0.0.1:").append(freePort()).append('\n');
        }
        for (int i = 1; i <= 3; i++) {
            Path d = Files.createDirectories(dir.resolve("s" + i));
            Files.writeString(d.resolve("myid"), Integer.toString(i));
            Path cfg = d.resolve("zoo.cfg");
            Files.writeString(cfg, "tickTime=200\ninitLimit=20\nsyncLimit=10\ndataDir=.\n" + lines);
            configs[i] = ZooCfg.load(cfg, w -> { });
        }
    }

    private void start(int... ids) throws Exception {
        List<CompletableFuture<WardenServer>> starting = new ArrayList<>();
        for (int i : ids) {
            ServerConfig c = configs[i];
            starting.add(CompletableFuture.supplyAsync(() -> WardenServer.start(c)));
        }
        for (int k = 0; k < ids.length; k++) {
            servers[ids[k]] = starting.get(k).get(60, TimeUnit.SECONDS);
        }
    }

    private void awaitEstablished(int... ids) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            int leaders = 0;
            int followers = 0;
            for (int i : ids) {
                String mode = servers[i].mode();
                leaders += mode.equals("leader") ? 1 : 0;
                followers += mode.equals("follower") ? 1 : 0;
            }
            if (leaders == 1 && leaders + followers == ids.length) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no leader with all of " + java.util.Arrays.toString(ids) + " following");
            }
            Thread.sleep(20);
        }
    }

    /** Creates a znode through server {@code i} and returns the epoch of its zxid. */
    private long writeThrough(int i, String path) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(servers[i].connectString(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        assertTrue(connected.await(30, TimeUnit.SECONDS), "connected to server " + i);
        zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = zk.exists(path, false);
        return Zxid.epoch(stat.getCzxid());
    }

    /** The epochs a stopped server keeps in its data directory, read as its next start will read them. */
    private static Epochs.Promises epochsOnDisk(ServerConfig config) {
        ActorTestKit kit = ActorTestKit.create("epochs-reader");
        try {
            TestProbe<Epochs.Promises> probe = kit.createTestProbe();
            kit.spawn(Epochs.create(Epochs.plugins(LegacyEpochFile.epochsDir(config.dataDir()), true)))
                    .tell(new Epochs.Get(probe.getRef()));
            return probe.receiveMessage(Duration.ofSeconds(30));
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void everyServerKeepsItsEpochsAcrossARestartAndAnUpgrade() throws Exception {
        configure();
        start(1, 2, 3);
        awaitEstablished(1, 2, 3);
        long first = writeThrough(1, "/first");
        stopAll();
        for (int i = 1; i <= 3; i++) {
            assertEquals(new Epochs.Promises(first, first), epochsOnDisk(configs[i]), "epochs of server " + i);
        }

        // Server 3 goes back to the epochs file of an older release, as if it had just been upgraded.
        Path data3 = configs[3].dataDir();
        try (Stream<Path> files = Files.walk(LegacyEpochFile.epochsDir(data3))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        FileSync.writeAtomically(data3.resolve("epochs"), (first + " " + first + "\n").getBytes(StandardCharsets.US_ASCII));

        // Each server promised `first`: had any forgotten it, a new leader could reuse the epoch and its zxids.
        start(1, 2, 3);
        awaitEstablished(1, 2, 3);
        long second = writeThrough(3, "/second");
        assertTrue(second > first, "epoch " + second + " after " + first);
        stopAll();
        for (int i = 1; i <= 3; i++) {
            assertEquals(new Epochs.Promises(second, second), epochsOnDisk(configs[i]), "epochs of server " + i);
        }
        assertFalse(Files.exists(data3.resolve(LegacyEpochFile.ASIDE)), "the old epochs file is gone once adopted");
        assertTrue(Files.isDirectory(LegacyEpochFile.epochsDir(data3)));
    }

    @Test
    void aServerThatCannotSaveItsEpochsStopsAndTheOthersServe() throws Exception {
        configure();
        start(1, 2);
        Config brokenDisk = ConfigFactory.parseString(
                "warden.epochs.journal.class = \"" + FailingJournal.class.getName() + "\"");
        try {
            servers[3] = WardenServer.start(configs[3], brokenDisk);
            // It may serve clients' reads briefly, but it stops at its first raise of an epoch, before acking it.
            servers[3].whenTerminated().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("stopped"), e.getMessage()); // it failed before it even bound its port
        }
        awaitEstablished(1, 2);
        assertTrue(writeThrough(2, "/still-served") > 0);
    }
}
