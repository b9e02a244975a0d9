package io.warden.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Zxid;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import io.warden.server.durability.Clients;
import io.warden.server.durability.LogCapture;
import io.warden.server.durability.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restart recovers, through a real server and the official client, with the log and snapshots damaged. */
class RecoveryTest {
    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.standalone(dir).withClientPort(0);
    }

    /** A mix of every kind of write; returns the tree after them. */
    private static void writeAll(ZooKeeper zk, String prefix, int n) throws Exception {
        zk.create(prefix, new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < n; i++) {
            String p = zk.create(prefix + "/s-", ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            zk.setData(p, new byte[i % 7], 0);
            if (i % 3 == 0) {
                zk.setData(p, new byte[] {(byte) i}, 1);
            }
            if (i % 5 == 0) {
                zk.delete(p, -1);
            }
        }
        zk.create(prefix + "/acl", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setACL(prefix + "/acl", new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("world", "anyone")),
                new ACL(ZooDefs.Perms.READ, new Id("ip", "10.0.0.0/8")))), 0);
        zk.multi(List.of(Op.create(prefix + "/m", new byte[3], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(prefix, new byte[] {2}, 0), Op.check(prefix + "/acl", 0)));
        zk.create(prefix + "/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
    }

    private Map<String, Clients.Znode> treeAfterRestart(ServerConfig cfg) throws Exception {
        try (WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
            return Clients.tree(zk);
        }
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.[0-9a-f]+"))
                    .sorted(Comparator.comparingLong(RecoveryTest::zxidOf).reversed()).toList();
        }
    }

    private static long zxidOf(Path snapshot) {
        return Long.parseUnsignedLong(snapshot.getFileName().toString().substring("snapshot.".length()), 16);
    }

    @Test
    void restartKeepsEveryWriteWithIdenticalStat() throws Exception {
        Map<String, Clients.Znode> before;
        try (WardenServer server = WardenServer.start(config()); ZooKeeper zk = Clients.connect(server.connectString())) {
            writeAll(zk, "/app", 30);
            before = Clients.tree(zk);
        }
        assertTrue(before.size() > 20, before.keySet().toString());
        try (WardenServer server = WardenServer.start(config()); ZooKeeper zk = Clients.connect(server.connectString())) {
            assertEquals(before, Clients.tree(zk));
            // Standalone starts every run in a new epoch: the new session is its first txn, this create its second.
            Stat s = new Stat();
            zk.create("/after", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, s);
            assertEquals(Zxid.of(2, 2), s.getCzxid());
        }
    }

    @Test
    void snapshotsTakenDuringTheWritesPlusTheLogRecoverEverything() throws Exception {
        ServerConfig cfg = config().withSnapCount(20);
        Map<String, Clients.Znode> before;
        long last;
        try (WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
            writeAll(zk, "/app", 40);
            before = Clients.tree(zk);
            last = zk.exists("/app/c", false).getCzxid();
        }
        List<Path> snaps = snapshots();
        assertTrue(snaps.size() >= 3, "snapshots written during the load: " + snaps);
        long newest = zxidOf(snaps.get(0));
        // The session's close is the last txn.
        long closeZxid = last + 1;
        assertTrue(newest <= closeZxid, snaps.toString());
        try (LogCapture log = new LogCapture(Recovery.class.getName())) {
            assertEquals(before, treeAfterRestart(cfg));
            assertEquals(List.of("Loaded snapshot " + snaps.get(0) + " (zxid 0x" + Long.toHexString(newest) + ")",
                    "Recovered " + (closeZxid - newest) + " transactions from the log; last zxid 0x"
                            + Long.toHexString(closeZxid)), log.infos());
        }
    }

    /** Writes, then stops with the client still connected, so the last txn is a write; returns the tree before it. */
    private Map<String, Clients.Znode> writeThenStopBeforeClose(String lastPath, long[] lastZxid) throws Exception {
        WardenServer server = WardenServer.start(config());
        ZooKeeper zk = Clients.connect(server.connectString());
        try {
            writeAll(zk, "/app", 10);
            Map<String, Clients.Znode> before = Clients.tree(zk);
            Stat s = new Stat();
            zk.create(lastPath, "last".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, s);
            lastZxid[0] = s.getCzxid();
            return before;
        } finally {
            server.close();
            zk.close(1000);
        }
    }

    @Test
    void tornTailIsCutAndReportedAndEverythingBeforeItKept() throws Exception {
        long[] lastZxid = new long[1];
        Map<String, Clients.Znode> before = writeThenStopBeforeClose("/last", lastZxid);
        Path segment = LogFiles.newestSegment(dir);
        LogFiles.unseal(segment);
        Path file = LogFiles.cycleFiles(segment).get(0);
        LogFiles.truncate(file, LogFiles.payloadOffset(file, lastZxid[0]) + 5);

        try (LogCapture log = new LogCapture("io.warden.persistence.log")) {
            Map<String, Clients.Znode> after = treeAfterRestart(config());
            assertFalse(after.containsKey("/last"));
            assertEquals(before, after);
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("Cutting torn tail of transaction log: " + file + " from index "),
                    warnings.get(0));
            assertTrue(warnings.get(0).contains("claimed zxid 0x" + Long.toHexString(lastZxid[0])), warnings.get(0));
            assertTrue(warnings.get(0).endsWith("the log now ends at zxid 0x" + Long.toHexString(lastZxid[0] - 1)),
                    warnings.get(0));
        }
    }

    @Test
    void garbageOverTheLastRecordIsATornTail() throws Exception {
        long[] lastZxid = new long[1];
        Map<String, Clients.Znode> before = writeThenStopBeforeClose("/last", lastZxid);
        Path segment = LogFiles.newestSegment(dir);
        LogFiles.unseal(segment);
        Path file = LogFiles.cycleFiles(segment).get(0);
        byte[] garbage = new byte[40];
        java.util.Arrays.fill(garbage, (byte) 0xEE);
        LogFiles.overwrite(file, LogFiles.payloadOffset(file, lastZxid[0]) + 8, garbage);
        try (LogCapture log = new LogCapture("io.warden.persistence.log")) {
            Map<String, Clients.Znode> after = treeAfterRestart(config());
            assertFalse(after.containsKey("/last"));
            assertEquals(before, after);
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            assertTrue(log.warnings().get(0).contains("CRC mismatch"), log.warnings().toString());
        }
    }

    @Test
    void flippedByteInTheMiddleStopsTheStartNamingFileAndOffset() throws Exception {
        long[] lastZxid = new long[1];
        writeThenStopBeforeClose("/last", lastZxid);
        Path segment = LogFiles.newestSegment(dir);
        LogFiles.unseal(segment); // as after a kill: damage before the tail is still not a torn tail
        Path file = LogFiles.cycleFiles(segment).get(0);
        long middle = lastZxid[0] - 10;
        long payload = LogFiles.payloadOffset(file, middle);
        LogFiles.flip(file, payload + 9);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardenServer.start(config()));
        assertTrue(e.getMessage().startsWith("cannot recover from " + dir.toAbsolutePath() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("transaction log corrupted in " + file + " at index 0x"), e.getMessage());
        assertTrue(e.getMessage().contains("(file offset " + LogFiles.recordOffset(payload) + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
        // The failed start let go of the directory: fixing the byte makes it start again with everything.
        LogFiles.flip(file, payload + 9);
        assertTrue(treeAfterRestart(config()).containsKey("/last"));
    }

    @Test
    void corruptNewestSnapshotFallsBackToTheOlderOneAndReplaysTheLog() throws Exception {
        ServerConfig cfg = config().withSnapCount(2); // a snapshot after every txn
        Map<String, Clients.Znode> before;
        long closeZxid;
        try (WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
            writeAll(zk, "/app", 8);
            before = Clients.tree(zk);
            closeZxid = zk.exists("/app/c", false).getCzxid() + 1;
        }
        // Snapshots are written behind the txns; those still queued when the server stops are not written.
        List<Path> snaps = snapshots();
        assertTrue(snaps.size() >= 3, snaps.toString());
        LogFiles.flip(snaps.get(0), Files.size(snaps.get(0)) / 2);
        LogFiles.truncate(snaps.get(1), Files.size(snaps.get(1)) - 3);
        try (LogCapture log = new LogCapture("io.warden")) {
            assertEquals(before, treeAfterRestart(cfg));
            List<String> warnings = log.warnings();
            assertTrue(warnings.contains("Skipping corrupt snapshot: snapshot " + snaps.get(0) + " is corrupt at offset "
                    + (Files.size(snaps.get(0)) - 4) + ": " + crcText(warnings, snaps.get(0))), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Skipping corrupt snapshot: snapshot " + snaps.get(1)
                    + " is corrupt at offset 16: header says")), warnings.toString());
            assertTrue(log.infos().contains("Loaded snapshot " + snaps.get(2) + " (zxid 0x"
                    + Long.toHexString(zxidOf(snaps.get(2))) + ")"), log.infos().toString());
            assertTrue(log.infos().contains("Recovered " + (closeZxid - zxidOf(snaps.get(2))) + " transactions from the"
                    + " log; last zxid 0x" + Long.toHexString(closeZxid)), log.infos().toString());
        }
    }

    private static String crcText(List<String> warnings, Path snap) {
        Pattern p = Pattern.compile(".*" + Pattern.quote(snap.toString()) + " is corrupt at offset \\d+: (CRC mismatch.*)");
        for (String w : warnings) {
            Matcher m = p.matcher(w);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return "<no CRC warning>";
    }

    /** Three runs: three segments of the log, one per epoch. */
    private Map<String, Clients.Znode> writeInThreeRuns(ServerConfig cfg) throws Exception {
        Map<String, Clients.Znode> tree = null;
        for (int run = 1; run <= 3; run++) {
            try (WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
                writeAll(zk, "/run" + run, 5);
                tree = Clients.tree(zk);
            }
        }
        return tree;
    }

    @Test
    void missingCycleFileOfASegmentStopsTheStartNamingTheSegment() throws Exception {
        writeInThreeRuns(config());
        List<Path> segments = LogFiles.segments(dir);
        assertEquals(3, segments.size(), segments.toString());
        Files.delete(LogFiles.cycleFiles(segments.get(1)).get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardenServer.start(config()));
        assertTrue(e.getMessage().contains("transaction log corrupted in " + segments.get(1)), e.getMessage());
        assertTrue(e.getMessage().contains("segment is sealed at index"), e.getMessage());
    }

    @Test
    void missingSegmentStopsTheStartNamingTheGap() throws Exception {
        writeInThreeRuns(config());
        List<Path> segments = LogFiles.segments(dir);
        assertEquals(3, segments.size(), segments.toString());
        assertEquals("seg-0000000200000001", segments.get(1).getFileName().toString());
        deleteTree(segments.get(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardenServer.start(config()));
        assertTrue(Pattern.matches(".*: transactions are missing between zxid 0x1[0-9a-f]{8} and 0x300000001 \\(a log"
                + " file was lost\\?\\)", e.getMessage()), e.getMessage());
    }

    @Test
    void missingOldestSegmentWithoutASnapshotStopsTheStart() throws Exception {
        writeInThreeRuns(config());
        deleteTree(LogFiles.segments(dir).get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardenServer.start(config()));
        assertTrue(e.getMessage().endsWith("the log starts at zxid 0x200000001 but there is no snapshot: the log files in"
                + " between are missing"), e.getMessage());
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused() throws Exception {
        try (WardenServer first = WardenServer.start(config()); ZooKeeper zk = Clients.connect(first.connectString())) {
            zk.create("/x", new byte[] {9}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> WardenServer.start(config()));
            assertEquals("cannot use data directory " + dir.toAbsolutePath() + ": data directory "
                    + dir.toAbsolutePath() + " is in use by another Warden server (pid " + ProcessHandle.current().pid()
                    + " holds " + dir.toAbsolutePath().resolve("warden.lock") + "); two servers must not share a data"
                    + " directory", e.getMessage());
            // The refused start touched nothing: the first server still serves and writes.
            zk.create("/y", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertArrayEquals(new byte[] {9}, zk.getData("/x", false, null));
        }
        Map<String, Clients.Znode> after = treeAfterRestart(config());
        assertTrue(after.containsKey("/x") && after.containsKey("/y"), after.keySet().toString());
    }

    @Test
    void forceSyncNoStillRecoversAfterACleanStop() throws Exception {
        Properties p = new Properties();
        p.setProperty("dataDir", dir.toString());
        p.setProperty("clientPort", "0");
        p.setProperty("forceSync", "no");
        ServerConfig cfg = ZooCfg.parse(p, dir, w -> { });
        assertFalse(cfg.forceSync());
        Map<String, Clients.Znode> before;
        try (LogCapture log = new LogCapture(Recovery.class.getName());
             WardenServer server = WardenServer.start(cfg); ZooKeeper zk = Clients.connect(server.connectString())) {
            assertEquals(List.of("forceSync=no: acknowledged writes can be lost if this machine crashes"), log.warnings());
            writeAll(zk, "/app", 10);
            before = Clients.tree(zk);
        }
        assertEquals(before, treeAfterRestart(cfg));
    }
}
