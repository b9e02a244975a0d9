package io.warden.cli.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDumpCommandTest {
    private static final String HEAD = "zxid 0x[0-9a-f]+ time \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z session 0x[0-9a-f]+ cxid 0x[0-9a-f]+ ";

    @TempDir
    Path dir;

    /** What the client saw of the writes, to find them in the dump. */
    record Written(long sessionId, int timeout, long createA, long setA, long createE, long multi, long setAcl,
                   long deleteC) {
    }

    private Written writeThroughARealServer() throws Exception {
        try (WardenServer server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0));
             ZooKeeper zk = Zk.connect(server.connectString())) {
            Stat s = new Stat();
            zk.create("/a", "hello".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, s);
            long createA = s.getCzxid();
            long setA = zk.setData("/a", "hi!".getBytes(StandardCharsets.UTF_8), 0).getMzxid();
            zk.create("/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, s);
            long createE = s.getCzxid();
            zk.multi(List.of(Op.create("/c", new byte[7], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.setData("/a", new byte[3], 1)));
            long multi = zk.exists("/c", false).getCzxid();
            // setACL changes no zxid in the Stat: it is the txn after the multi, as the delete's is after it.
            zk.setACL("/a", new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")))), 0);
            long setAcl = multi + 1;
            zk.delete("/c", 0);
            long deleteC = zk.exists("/", false).getPzxid();
            assertEquals(setAcl + 1, deleteC);
            return new Written(zk.getSessionId(), zk.getSessionTimeout(), createA, setA, createE, multi, setAcl,
                    deleteC);
        }
    }

    private static String lineOf(ToolRun run, long zxid) {
        String prefix = "zxid 0x" + Long.toHexString(zxid) + " ";
        List<String> found = run.lines().stream().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, found.size(), "one line for zxid " + Long.toHexString(zxid) + "\n" + run);
        return found.get(0);
    }

    private static void assertMatches(String regex, String line) {
        assertTrue(Pattern.matches(regex + "( auth=\\[ip:127\\.0\\.0\\.1\\])?", line), "expected /" + regex + "/ but was: " + line);
    }

    @Test
    void printsEveryTransactionOfARealServerInOrder() throws Exception {
        Written w = writeThroughARealServer();
        ToolRun run = ToolRun.warden("log", "dump", "--data-log-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String session = "session 0x" + Long.toHexString(w.sessionId()) + " ";

        assertMatches(HEAD + "createSession timeout=" + w.timeout(), lineOf(run, w.createA() - 1));
        assertTrue(lineOf(run, w.createA() - 1).contains(session), run.toString());
        assertMatches(HEAD + "create2 /a data=5B acl=\\[world:anyone:cdrwa\\] mode=PERSISTENT",
                lineOf(run, w.createA()));
        assertTrue(lineOf(run, w.createA()).contains(session + "cxid 0x1 "), run.toString());
        assertMatches(HEAD + "setData /a data=3B version=0", lineOf(run, w.setA()));
        assertMatches(HEAD + "create2 /e data=0B acl=\\[world:anyone:cdrwa\\] mode=EPHEMERAL",
                lineOf(run, w.createE()));
        assertMatches(HEAD + "multi \\[create /c data=7B acl=\\[world:anyone:cdrwa\\] mode=PERSISTENT;"
                + " setData /a data=3B version=1\\]", lineOf(run, w.multi()));
        assertMatches(HEAD + "setACL /a acl=\\[world:anyone:r\\] version=0", lineOf(run, w.setAcl()));
        assertMatches(HEAD + "delete /c version=0", lineOf(run, w.deleteC()));
        assertMatches(HEAD + "closeSession", lineOf(run, w.deleteC() + 1));

        List<String> txnLines = run.lines().stream().filter(l -> l.startsWith("zxid ")).toList();
        assertEquals(txnLines.size() + " transaction(s)", run.lines().get(run.lines().size() - 1));
        assertEquals(8, txnLines.size(), run.toString());
        long previous = 0;
        for (String l : txnLines) {
            long zxid = Long.parseUnsignedLong(l.split(" ")[1].substring(2), 16);
            assertTrue(zxid > previous, "zxids in order: " + run);
            previous = zxid;
        }
    }

    @Test
    void fromSkipsEarlierTransactionsAndConfigFindsTheLog() throws Exception {
        Written w = writeThroughARealServer();
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir.toAbsolutePath() + "\nclientPort=0\n");
        ToolRun run = ToolRun.warden("log", "dump", "--config", cfg.toString(),
                "--from", "0x" + Long.toHexString(w.multi()));
        assertEquals(0, run.exitCode(), run.toString());
        List<String> txnLines = run.lines().stream().filter(l -> l.startsWith("zxid ")).toList();
        assertEquals(4, txnLines.size(), run.toString());
        assertTrue(txnLines.get(0).startsWith("zxid 0x" + Long.toHexString(w.multi()) + " "), run.toString());

        ToolRun decimal = ToolRun.warden("log", "dump", "--data-log-dir", dir.toString(),
                "--from", Long.toString(w.deleteC()));
        assertEquals(2, decimal.lines().stream().filter(l -> l.startsWith("zxid ")).count(), decimal.toString());
    }

    @Test
    void refusesToOpenTheLogOfARunningServer() throws Exception {
        try (WardenServer server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0));
             ZooKeeper zk = Zk.connect(server.connectString())) {
            zk.create("/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            ToolRun run = ToolRun.warden("log", "dump", "--data-log-dir", dir.toString());
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("warden log dump: data directory "), run.toString());
            assertTrue(run.err().contains("is in use by another Warden server"), run.toString());
            // The server's log was left alone: it still takes writes that survive a restart.
            zk.create("/y", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        ToolRun after = ToolRun.warden("log", "dump", "--data-log-dir", dir.toString());
        assertEquals(0, after.exitCode(), after.toString());
        assertTrue(after.out().contains("create /y "), after.toString());
    }

    @Test
    void errorsAreOneClearLineAndExitOne() {
        ToolRun missing = ToolRun.warden("log", "dump", "--data-log-dir", dir.resolve("nope").toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals("warden log dump: transaction log directory " + dir.resolve("nope").resolve("log").toAbsolutePath()
                + " does not exist", missing.err().strip());

        ToolRun badZxid = ToolRun.warden("log", "dump", "--data-log-dir", dir.toString(), "--from", "zz");
        assertEquals(1, badZxid.exitCode(), badZxid.toString());
        assertTrue(badZxid.err().contains("not a zxid: 'zz'"), badZxid.toString());

        ToolRun noConfig = ToolRun.warden("log", "dump", "--config", dir.resolve("zoo.cfg").toString());
        assertEquals(1, noConfig.exitCode(), noConfig.toString());
        assertTrue(noConfig.err().contains("config file " + dir.resolve("zoo.cfg") + " does not exist"),
                noConfig.toString());

        ToolRun help = ToolRun.warden("--help");
        assertTrue(Pattern.compile("^\\s+log\\s+Inspect the transaction log\\.$", Pattern.MULTILINE).matcher(help.out()).find()
                && Pattern.compile("^\\s+snapshot\\s+Inspect snapshots\\.$", Pattern.MULTILINE).matcher(help.out()).find()
                && Pattern.compile("^\\s+purge\\s+Delete old snapshots", Pattern.MULTILINE).matcher(help.out()).find(),
                help.toString());
        ToolRun logUsage = ToolRun.warden("log");
        assertEquals(0, logUsage.exitCode(), logUsage.toString());
        assertTrue(logUsage.out().startsWith("Usage: warden log "), logUsage.toString());
        assertTrue(logUsage.out().contains("dump "), logUsage.toString());

        ToolRun neither = ToolRun.warden("log", "dump");
        assertEquals(2, neither.exitCode(), neither.toString()); // picocli's usage error
        assertTrue(neither.err().contains("--config") && neither.err().contains("--data-log-dir"), neither.toString());
    }
}
