package io.warden.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A scripted interactive session: typed lines in, the exact transcript zkCli would print out. */
class ShellInteractiveTest extends OneServer {
    /** zxids depend on the server's history; everything else in the transcript is fixed. */
    private static String normalize(String text) {
        return text.replaceAll("zxid: \\d+", "zxid: N");
    }

    private String prompt(String state, int n) {
        return "[zk: " + cs + "(" + state + ") " + n + "] ";
    }

    private static String event(String state, String type, String path, String zxid) {
        return NL + "WATCHER::" + NL + NL + "WatchedEvent state:" + state + " type:" + type + " path:" + path
                + " zxid: " + zxid + NL;
    }

    @Test
    void aSessionWithWatchesAuthHistoryCloseAndReconnect() {
        CliRun r = CliRun.interactive(cs,
                "create -e /eph data",
                "getEphemerals /",
                "get -w /eph",
                "set /eph changed",
                "",
                "addauth digest alice:pw",
                "whoami",
                "history",
                "close",
                "ls /",
                "connect " + cs,
                "stat /eph",
                "quit");
        String expected = "Connecting to " + cs + NL
                + event("SyncConnected", "None", "null", "-1")
                + "Welcome to Warden!" + NL
                + prompt("CONNECTED", 0)
                + prompt("CONNECTED", 1) + "[/eph]" + NL
                + prompt("CONNECTED", 2) + "data" + NL
                + prompt("CONNECTED", 3) + event("SyncConnected", "NodeDataChanged", "/eph", "N")
                + prompt("CONNECTED", 4)
                + prompt("CONNECTED", 4)
                + prompt("CONNECTED", 5) + "Auth scheme: User" + NL + "ip: 127.0.0.1" + NL + "digest: alice" + NL
                + prompt("CONNECTED", 6)
                + "0 - create -e /eph data" + NL + "1 - getEphemerals /" + NL + "2 - get -w /eph" + NL
                + "3 - set /eph changed" + NL + "4 - addauth digest alice:pw" + NL + "5 - whoami" + NL
                + "6 - history" + NL
                + prompt("CONNECTED", 7) + event("Closed", "None", "null", "-1")
                + prompt("CLOSED", 8) + "Not connected" + NL
                + prompt("CLOSED", 9) + event("SyncConnected", "None", "null", "-1")
                + prompt("CONNECTED", 10)
                + prompt("CONNECTED", 11) + event("Closed", "None", "null", "-1");
        assertEquals(expected, normalize(r.out()));
        // The ephemeral node went with the closed session.
        assertEquals("Created /eph" + NL + "Node does not exist: /eph" + NL, r.err());
        assertEquals(0, r.exitCode());
    }

    @Test
    void persistentWatchesReportEveryChangeUntilRemoved() {
        CliRun r = CliRun.interactive(cs,
                "create /pw",
                "addWatch /pw",
                "create /pw/a",
                "set /pw/a 1",
                "removewatches /pw",
                "set /pw/a 2",
                "printwatches",
                "removewatches /pw");
        String out = normalize(r.out());
        assertTrue(out.contains(prompt("CONNECTED", 2) + event("SyncConnected", "NodeCreated", "/pw/a", "N")), out);
        assertTrue(out.contains(prompt("CONNECTED", 3) + event("SyncConnected", "NodeDataChanged", "/pw/a", "N")), out);
        assertTrue(out.contains(prompt("CONNECTED", 4) + event("SyncConnected", "PersistentWatchRemoved", "/pw", "-1")),
                out);
        assertTrue(out.contains(prompt("CONNECTED", 5) + prompt("CONNECTED", 6) + "printwatches is on" + NL), out);
        assertTrue(r.err().endsWith("KeeperErrorCode = No such watcher for /pw" + NL), r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void redoRepeatsACommandAndRefusesBadIndexes() {
        CliRun r = CliRun.interactive(cs,
                "create /redo x",
                "get /redo",
                "redo 1",
                "redo 9",
                "history");
        String out = r.out();
        assertTrue(out.contains(prompt("CONNECTED", 2) + "x" + NL), out);
        assertTrue(out.contains("2 - get /redo" + NL + "3 - redo 9" + NL + "4 - history" + NL), out);
        assertEquals("Created /redo" + NL + "Command index out of range" + NL, r.err());
    }

    @Test
    void printwatchesOffSilencesEvents() {
        CliRun r = CliRun.interactive(cs,
                "create /quiet",
                "printwatches off",
                "get -w /quiet",
                "set /quiet y",
                "printwatches");
        assertTrue(r.out().endsWith(prompt("CONNECTED", 4) + "printwatches is off" + NL + prompt("CONNECTED", 5)),
                r.out());
        assertEquals(1, r.out().split("WATCHER::", -1).length - 1, "only the connect event: " + r.out());
    }

    @Test
    void helpListsEveryCommand() {
        CliRun r = CliRun.interactive(cs, "help");
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("\tcreate [-s] [-e] [-c] [-t ttl] path [data] [acl]"), r.out());
        assertTrue(lines.contains("\tremovewatches path [-c|-d|-a] [-l]"), r.out());
        assertTrue(lines.contains("\tsetAcl [-s] [-v version] [-R] path acl"), r.out());
    }
}
