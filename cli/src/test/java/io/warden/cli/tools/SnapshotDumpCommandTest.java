package io.warden.cli.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotDumpCommandTest {
    @TempDir
    Path dir;

    /** snapCount 2 makes the server snapshot after every transaction. */
    private WardenServer start() {
        return WardenServer.start(ServerConfig.standalone(dir).withClientPort(0).withSnapCount(2));
    }

    /** The line the dump should print for {@code path}, from what the client reads now. */
    private static void expectedLines(ZooKeeper zk, String path, List<String> out) throws Exception {
        Stat stat = new Stat();
        zk.getData(path, false, stat);
        List<ACL> acl = zk.getACL(path, new Stat());
        List<io.warden.api.data.ACL> wacl = new ArrayList<>();
        for (ACL a : acl) {
            wacl.add(new io.warden.api.data.ACL(a.getPerms(),
                    new io.warden.api.data.Id(a.getId().getScheme(), a.getId().getId())));
        }
        out.add(path + " " + Texts.stat(Zk.toWarden(stat)) + " acl=" + Texts.acl(wacl));
        List<String> children = new ArrayList<>(zk.getChildren(path, false));
        children.sort(null);
        for (String c : children) {
            expectedLines(zk, path.equals("/") ? "/" + c : path + "/" + c, out);
        }
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.[0-9a-f]+"))
                    .sorted(Comparator.comparingLong((Path p) ->
                            Long.parseUnsignedLong(p.getFileName().toString().substring(9), 16)).reversed())
                    .toList();
        }
    }

    @Test
    void printsTheSessionsAndEveryZnodeWithTheStatClientsSee() throws Exception {
        try (WardenServer server = start(); ZooKeeper zk = Zk.connect(server.connectString())) {
            zk.create("/a", "one".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/a/b", new byte[300], ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.setData("/a", "three".getBytes(), 0);
            zk.create("/q-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            Stat last = new Stat();
            zk.create("/e", "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, last);
            Path file = Zk.snapshotFile(dir, last.getCzxid());
            Zk.await("the snapshot of zxid 0x" + Long.toHexString(last.getCzxid()), Duration.ofSeconds(20),
                    () -> Files.exists(file));
            List<String> expected = new ArrayList<>();
            expectedLines(zk, "/", expected);

            ToolRun run = ToolRun.warden("snapshot", "dump", "--file", file.toString());
            assertEquals(0, run.exitCode(), run.toString());
            List<String> lines = run.lines();
            assertEquals("Snapshot " + file, lines.get(0));
            assertTrue(lines.get(1).startsWith("zxid 0x" + Long.toHexString(last.getCzxid()) + " digest 0x"),
                    run.toString());
            assertEquals("Sessions (1):", lines.get(2));
            assertEquals("  0x" + Long.toHexString(zk.getSessionId()) + " timeout " + zk.getSessionTimeout() + " ms",
                    lines.get(3));
            assertEquals("Znodes (" + expected.size() + "):", lines.get(4));
            assertEquals(expected, lines.subList(5, lines.size()));
            assertTrue(expected.stream().anyMatch(l -> l.startsWith("/a/b ") && l.contains(" dataLength=300 ")
                    && l.endsWith(" acl=[world:anyone:r]")), expected.toString());
            assertTrue(expected.stream().anyMatch(l -> l.startsWith("/e ")
                    && l.contains(" ephemeralOwner=0x" + Long.toHexString(zk.getSessionId()) + " ")), expected.toString());
        }
    }

    @Test
    void withoutAFileDumpsTheNewestValidSnapshotAndSkipsACorruptOne() throws Exception {
        try (WardenServer server = start(); ZooKeeper zk = Zk.connect(server.connectString())) {
            for (int i = 0; i < 5; i++) {
                zk.create("/n" + i, new byte[i], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        }
        List<Path> snaps = snapshots();
        assertTrue(snaps.size() >= 3, snaps.toString());
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir.toAbsolutePath() + "\n");

        ToolRun newest = ToolRun.warden("snapshot", "dump", "--config", cfg.toString());
        assertEquals(0, newest.exitCode(), newest.toString());
        assertEquals("Snapshot " + snaps.get(0), newest.lines().get(0));
        assertEquals("", newest.err());

        try (RandomAccessFile raf = new RandomAccessFile(snaps.get(0).toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x5A);
        }
        ToolRun fallback = ToolRun.warden("snapshot", "dump", "--data-dir", dir.toString());
        assertEquals(0, fallback.exitCode(), fallback.toString());
        assertEquals("Snapshot " + snaps.get(1), fallback.lines().get(0));
        assertTrue(fallback.err().startsWith("skipping snapshot " + snaps.get(0) + " is corrupt at offset "),
                fallback.toString());
        assertTrue(fallback.err().contains("CRC mismatch"), fallback.toString());

        ToolRun named = ToolRun.warden("snapshot", "dump", "--file", snaps.get(0).toString());
        assertEquals(1, named.exitCode(), named.toString());
        assertTrue(named.err().startsWith("warden snapshot dump: snapshot " + snaps.get(0) + " is corrupt"),
                named.toString());
    }

    @Test
    void errorsAreOneClearLineAndExitOne() throws Exception {
        ToolRun noDir = ToolRun.warden("snapshot", "dump", "--data-dir", dir.toString());
        assertEquals(1, noDir.exitCode(), noDir.toString());
        assertEquals("warden snapshot dump: snapshot directory " + dir.resolve("snapshots").toAbsolutePath()
                + " does not exist", noDir.err().strip());

        Files.createDirectories(dir.resolve("snapshots"));
        ToolRun empty = ToolRun.warden("snapshot", "dump", "--data-dir", dir.toString());
        assertEquals(1, empty.exitCode(), empty.toString());
        assertTrue(empty.err().contains("no snapshot in "), empty.toString());

        Path notASnapshot = Files.writeString(dir.resolve("notes.txt"), "hello");
        ToolRun badName = ToolRun.warden("snapshot", "dump", "--file", notASnapshot.toString());
        assertEquals(1, badName.exitCode(), badName.toString());
        assertTrue(badName.err().contains("is not named as a snapshot"), badName.toString());
    }
}
