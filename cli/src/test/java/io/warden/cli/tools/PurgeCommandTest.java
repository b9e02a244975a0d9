package io.warden.cli.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeCommandTest {
    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.standalone(dir).withClientPort(0).withSnapCount(2);
    }

    /** Three server runs (three log segments), a snapshot after every transaction. */
    private void writeInThreeRuns() throws Exception {
        for (int run = 0; run < 3; run++) {
            try (WardenServer server = WardenServer.start(config()); ZooKeeper zk = Zk.connect(server.connectString())) {
                for (int i = 0; i < 4; i++) {
                    zk.create("/r" + run + "-" + i, new byte[] {(byte) run, (byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT);
                }
            }
        }
    }

    private List<Path> files(String sub, String suffixRegex) throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve(sub))) {
            return s.filter(p -> p.getFileName().toString().matches(suffixRegex)).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestSnapshotsAndTheLogToRecoverFromThem() throws Exception {
        writeInThreeRuns();
        List<Path> snapsBefore = files("snapshots", "snapshot\\.[0-9a-f]+");
        List<Path> logBefore = files("log", ".*\\.cq4");
        assertTrue(snapsBefore.size() > 4, snapsBefore.toString());
        assertEquals(3, logBefore.size(), logBefore.toString());

        ToolRun run = ToolRun.warden("purge", "--data-dir", dir.toString(), "-n", "4");
        assertEquals(0, run.exitCode(), run.toString());
        List<Path> snapsAfter = files("snapshots", "snapshot\\.[0-9a-f]+");
        assertEquals(4, snapsAfter.size(), snapsAfter.toString());
        long deletedSnapshots = run.lines().stream().filter(l -> l.startsWith("deleted snapshot ")).count();
        assertEquals(snapsBefore.size() - 4, deletedSnapshots, run.toString());
        // Every kept snapshot is newer than every deleted one.
        List<Long> kept = snapsAfter.stream().map(PurgeCommandTest::zxidOf).toList();
        for (Path p : snapsBefore) {
            if (!snapsAfter.contains(p)) {
                assertTrue(kept.stream().allMatch(k -> k > zxidOf(p)), p + " deleted but " + kept + " kept");
            }
        }
        // The newest snapshots are all in the last run, so the two older segments' files went.
        List<Path> logAfter = files("log", ".*\\.cq4");
        assertEquals(List.of(logBefore.get(2)), logAfter);
        assertTrue(run.out().contains("deleted log file " + logBefore.get(0)), run.toString());
        assertTrue(run.out().contains("deleted log file " + logBefore.get(1)), run.toString());
        assertTrue(run.lines().get(run.lines().size() - 1).startsWith("kept 4 snapshot(s) and the log after zxid 0x"
                + Long.toHexString(kept.stream().mapToLong(Long::longValue).min().orElseThrow())), run.toString());

        // What is left recovers every write.
        try (WardenServer server = WardenServer.start(config()); ZooKeeper zk = Zk.connect(server.connectString())) {
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(new byte[] {(byte) r, (byte) i}, zk.getData("/r" + r + "-" + i, false, null));
                }
            }
        }
    }

    private static long zxidOf(Path p) {
        return Long.parseUnsignedLong(p.getFileName().toString().substring("snapshot.".length()), 16);
    }

    @Test
    void refusesFewerThanThreeAndARunningServer() throws Exception {
        writeInThreeRuns();
        ToolRun two = ToolRun.warden("purge", "--data-dir", dir.toString(), "-n", "2");
        assertEquals(1, two.exitCode(), two.toString());
        assertEquals("warden purge: COUNT must be at least 3, was 2", two.err().strip());

        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir.toAbsolutePath() + "\nclientPort=0\n");
        List<Path> before = files("snapshots", "snapshot\\.[0-9a-f]+");
        try (WardenServer server = WardenServer.start(config())) {
            ToolRun busy = ToolRun.warden("purge", "--config", cfg.toString());
            assertEquals(1, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("is in use by another Warden server"), busy.toString());
        }
        assertEquals(before, files("snapshots", "snapshot\\.[0-9a-f]+"));

        ToolRun missing = ToolRun.warden("purge", "--data-dir", dir.resolve("none").toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("does not exist"), missing.toString());
    }
}
