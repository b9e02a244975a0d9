package io.warden.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cli -server ... command}: zkCli's output and messages, and an exit code a script can test. */
class ShellOneShotTest extends OneServer {
    private CliRun cli(String... command) {
        return CliRun.oneShot(cs, command);
    }

    private static void assertOk(CliRun r) {
        assertEquals(0, r.exitCode(), () -> "exit code; stderr was: " + r.err());
    }

    @Test
    void createThenGetPrintsTheData() {
        CliRun created = cli("create", "/one", "hello world");
        assertOk(created);
        assertEquals("Created /one" + NL, created.err());
        assertEquals("", created.out());
        CliRun got = cli("get", "/one");
        assertOk(got);
        assertEquals("hello world" + NL, got.out());
    }

    @Test
    void aNodeWithoutDataPrintsNull() {
        assertOk(cli("create", "/nodata"));
        assertEquals("null" + NL, cli("get", "/nodata").out());
    }

    @Test
    void missingAndExistingNodesGiveZkClisMessagesAndExitCodeOne() {
        CliRun missing = cli("get", "/does-not-exist");
        assertEquals(1, missing.exitCode());
        assertEquals("Node does not exist: /does-not-exist" + NL, missing.err());
        assertOk(cli("create", "/twice"));
        CliRun again = cli("create", "/twice");
        assertEquals(1, again.exitCode());
        assertEquals("Node already exists: /twice" + NL, again.err());
        CliRun orphan = cli("create", "/no-parent/child");
        assertEquals("Node does not exist: /no-parent/child" + NL, orphan.err());
    }

    @Test
    void lsSortsChildrenAndRecursesDepthFirst() {
        assertOk(cli("create", "/ls"));
        assertOk(cli("create", "/ls/b"));
        assertOk(cli("create", "/ls/a"));
        assertOk(cli("create", "/ls/a/x"));
        assertEquals("[a, b]" + NL, cli("ls", "/ls").out());
        assertEquals(String.join(NL, "/ls", "/ls/a", "/ls/b", "/ls/a/x") + NL, cli("ls", "-R", "/ls").out());
        CliRun withStat = cli("ls", "-s", "/ls");
        assertTrue(withStat.out().startsWith("[a, b]" + NL + "cZxid = 0x"), withStat.out());
        assertTrue(withStat.out().contains(NL + "numChildren = 2" + NL), withStat.out());
    }

    @Test
    void statPrintsZkClisFieldsInOrder() {
        assertOk(cli("create", "/st", "abc"));
        CliRun r = cli("stat", "/st");
        assertOk(r);
        List<String> keys = r.out().lines().map(l -> l.substring(0, l.indexOf(" = "))).toList();
        assertEquals(List.of("cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion",
                "ephemeralOwner", "dataLength", "numChildren"), keys);
        assertTrue(r.out().contains("dataLength = 3" + NL));
        assertTrue(r.out().contains("ephemeralOwner = 0x0" + NL));
        assertEquals("Node does not exist: /st-missing" + NL, cli("stat", "/st-missing").err());
    }

    @Test
    void setChecksTheVersionAndPrintsTheNewStat() {
        assertOk(cli("create", "/ver", "v0"));
        CliRun wrong = cli("set", "-v", "7", "/ver", "v1");
        assertEquals(1, wrong.exitCode());
        assertEquals("version No is not valid : /ver" + NL, wrong.err());
        CliRun right = cli("set", "-s", "/ver", "v1", "-v", "0");
        assertOk(right);
        assertTrue(right.out().contains("dataVersion = 1" + NL), right.out());
        assertEquals("v1" + NL, cli("get", "/ver").out());
    }

    @Test
    void deleteRefusesANonEmptyNodeAndDeleteallRemovesTheSubtree() {
        assertOk(cli("create", "/tree"));
        assertOk(cli("create", "/tree/a"));
        assertOk(cli("create", "/tree/a/b"));
        CliRun notEmpty = cli("delete", "/tree");
        assertEquals(1, notEmpty.exitCode());
        assertEquals("Node not empty: /tree" + NL, notEmpty.err());
        assertOk(cli("deleteall", "/tree", "-b", "2"));
        assertEquals("Node does not exist: /tree" + NL, cli("get", "/tree").err());
        assertOk(cli("create", "/gone"));
        assertOk(cli("delete", "-v", "0", "/gone"));
        assertEquals("Node does not exist: /gone" + NL, cli("delete", "/gone").err());
    }

    @Test
    void sequentialNodesGetTenDigitSuffixes() {
        assertOk(cli("create", "/seq"));
        CliRun r = cli("create", "-s", "/seq/n-", "x");
        assertOk(r);
        assertTrue(r.err().matches("Created /seq/n-\\d{10}" + NL), r.err());
    }

    @Test
    void aclsPrintAsZkCliPrintsThem() {
        assertOk(cli("create", "/acl"));
        assertEquals("'world,'anyone" + NL + ": cdrwa" + NL, cli("getAcl", "/acl").out());
        assertOk(cli("setAcl", "/acl", "world:anyone:rw"));
        assertEquals("'world,'anyone" + NL + ": rw" + NL, cli("getAcl", "/acl").out());
        CliRun bad = cli("setAcl", "/acl", "nonsense");
        assertEquals(1, bad.exitCode());
        assertEquals("nonsense does not have the form scheme:id:perm" + NL + "Acl is not valid : /acl" + NL, bad.err());
    }

    @Test
    void getCanPrintBase64AndAHexDump() {
        assertOk(cli("create", "/bin", "hello"));
        assertEquals("aGVsbG8=" + NL, cli("get", "-b", "/bin").out());
        String dump = String.join(NL,
                "         +-------------------------------------------------+",
                "         |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |",
                "+--------+-------------------------------------------------+----------------+",
                "|00000000| 68 65 6c 6c 6f                                  |hello           |",
                "+--------+-------------------------------------------------+----------------+") + NL;
        assertEquals(dump, cli("get", "-x", "/bin").out());
        assertOk(cli("set", "-b", "/bin", "AAEC"));
        assertEquals("AAEC" + NL, cli("get", "-b", "/bin").out());
    }

    @Test
    void smallQueriesPrintTheirAnswers() {
        assertOk(cli("create", "/count"));
        assertOk(cli("create", "/count/a"));
        assertOk(cli("create", "/count/a/b"));
        assertEquals("2" + NL, cli("getAllChildrenNumber", "/count").out());
        assertEquals("Sync is OK" + NL, cli("sync", "/count").out());
        assertEquals("[]" + NL, cli("getEphemerals", "/").out());
        CliRun who = cli("whoami");
        assertOk(who);
        assertTrue(who.out().startsWith("Auth scheme: User" + NL + "ip: "), who.out());
    }

    @Test
    void badInputGivesUsageOrPathMessages() {
        CliRun path = cli("ls", "relative");
        assertEquals(1, path.exitCode());
        assertEquals("Path must start with / character" + NL, path.err());
        CliRun usage = cli("get");
        assertEquals(1, usage.exitCode());
        assertTrue(usage.err().startsWith("get [-s] [-w] [-b] [-x] path" + NL + " -b   Output data in base64 format"),
                usage.err());
        CliRun option = cli("ls", "-q", "/");
        assertEquals("Unrecognized option: -q" + NL, option.err());
        CliRun container = cli("create", "-c", "-e", "/x");
        assertEquals("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential." + NL,
                container.err());
        CliRun ttl = cli("create", "-t", "0", "/x");
        assertEquals("ttl must be positive and cannot be larger than: 1099511627775" + NL, ttl.err());
    }

    @Test
    void unknownCommandPrintsTheUsageListAndExits127() {
        CliRun r = cli("frobnicate", "/x");
        assertEquals(127, r.exitCode());
        assertTrue(r.err().startsWith(Commands.USAGE_HEADER + NL + "\taddWatch [-m mode] path"), r.err());
        assertTrue(r.err().contains(NL + "\tls [-s] [-w] [-R] path" + NL));
        assertTrue(r.err().endsWith("Command not found: frobnicate" + NL));
    }

    @Test
    void anUnreachableServerExitsOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.oneShot("127.0.0.1:" + port, "ls", "/");
        assertEquals(1, r.exitCode());
        assertEquals("Unable to connect to 127.0.0.1:" + port + NL, r.err());
    }
}
