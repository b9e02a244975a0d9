package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The four-letter words on the client port, in the layout monitoring scripts parse. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FourLetterWordsTest {
    private WardenServer server;
    private ZooKeeper zk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0)
                .withFourLetterWords(ServerConfig.ALL_FOUR_LETTER_WORDS));
        zk = Clients.connect(server.connectString());
        zk.create("/4lw", Clients.bytes("some data"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.getData("/4lw", new Events(), null);
    }

    @AfterAll
    void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String word(String w) throws IOException {
        return RawClient.fourLetterWord(server.clientPort(), w);
    }

    private static void hasLine(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find(), "no line /" + regex + "/ in:\n" + text);
    }

    private static Map<String, String> mntr(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.split("\t");
            assertEquals(2, kv.length, "not key<TAB>value: '" + line + "'");
            assertTrue(kv[0].startsWith("zk_"), line);
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    @Test
    void ruok() throws Exception {
        assertEquals("imok", word("ruok"));
    }

    @Test
    void srvrAndStat() throws Exception {
        for (String w : new String[] {"srvr", "stat"}) {
            String t = word(w);
            hasLine(t, "Zookeeper version: .+");
            hasLine(t, "Latency min/avg/max: \\d+/[\\d.]+/\\d+");
            hasLine(t, "Received: \\d+");
            hasLine(t, "Sent: \\d+");
            hasLine(t, "Connections: \\d+");
            hasLine(t, "Outstanding: \\d+");
            hasLine(t, "Zxid: 0x[0-9a-f]+");
            hasLine(t, "Mode: standalone");
            hasLine(t, "Node count: \\d+");
        }
        String stat = word("stat");
        hasLine(stat, "Clients:");
        hasLine(stat, " /127\\.0\\.0\\.1:\\d+\\[\\d\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)");
    }

    @Test
    void mntrCountsNodesAndWatches() throws Exception {
        Map<String, String> before = mntr(word("mntr"));
        assertEquals("standalone", before.get("zk_server_state"));
        for (String key : new String[] {"zk_version", "zk_avg_latency", "zk_max_latency", "zk_min_latency",
                "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections", "zk_outstanding_requests",
                "zk_znode_count", "zk_watch_count", "zk_ephemerals_count", "zk_approximate_data_size"}) {
            assertTrue(before.containsKey(key), key + " in " + before);
        }
        assertTrue(Long.parseLong(before.get("zk_watch_count")) >= 1);
        zk.create("/4lw-more", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Map<String, String> after = mntr(word("mntr"));
        assertEquals(Long.parseLong(before.get("zk_znode_count")) + 1, Long.parseLong(after.get("zk_znode_count")));
        assertEquals(Long.parseLong(before.get("zk_ephemerals_count")) + 1, Long.parseLong(after.get("zk_ephemerals_count")));
        zk.delete("/4lw-more", -1);
    }

    @Test
    void conf() throws Exception {
        String t = word("conf");
        hasLine(t, "clientPort=" + server.clientPort());
        hasLine(t, "dataDir=.+");
        hasLine(t, "tickTime=2000");
        hasLine(t, "maxClientCnxns=60");
        hasLine(t, "minSessionTimeout=4000");
        hasLine(t, "maxSessionTimeout=40000");
    }

    @Test
    void consListsTheSession() throws Exception {
        String t = word("cons");
        assertTrue(t.contains("sid=0x" + Long.toHexString(zk.getSessionId())), t);
    }

    @Test
    void wchsSummarisesWatches() throws Exception {
        String t = word("wchs");
        Matcher m = Pattern.compile("(\\d+) connections watching (\\d+) paths\nTotal watches:(\\d+)").matcher(t);
        assertTrue(m.find(), t);
        assertTrue(Integer.parseInt(m.group(1)) >= 1, t);
        assertTrue(Integer.parseInt(m.group(3)) >= 1, t);
    }

    @Test
    void dirsIsroEnvi() throws Exception {
        String dirs = word("dirs");
        hasLine(dirs, "datadir_size: \\d+");
        hasLine(dirs, "logdir_size: \\d+");
        assertEquals("rw", word("isro"));
        String envi = word("envi");
        hasLine(envi, "Environment:");
        hasLine(envi, "zookeeper.version=.+");
        hasLine(envi, "java.version=.+");
    }

    @Test
    void resetsAnswer() throws Exception {
        assertEquals("Server stats reset.\n", word("srst"));
        assertEquals("Connection stats reset.\n", word("crst"));
        hasLine(word("srvr"), "Latency min/avg/max: \\d+/[\\d.]+/\\d+");
    }

    @Test
    void theServerStillServesClientsAfterwards() throws Exception {
        Clients.assertServes(server.connectString());
    }
}
