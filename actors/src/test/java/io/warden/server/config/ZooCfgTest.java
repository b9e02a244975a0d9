package io.warden.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCfgTest {
    @TempDir
    Path dir;

    private ServerConfig parse(String text, List<String> warnings) throws IOException {
        Path f = dir.resolve("zoo.cfg");
        Files.writeString(f, text);
        return ZooCfg.load(f, warnings::add);
    }

    @Test
    void readsZooKeepersKeysAndDefaults() throws IOException {
        ServerConfig c = parse("tickTime=1000\ndataDir=d\nclientPort=2999\nmaxClientCnxns=5\n"
                + "4lw.commands.whitelist=ruok, srvr\nforceSync=no\n", new ArrayList<>());
        assertEquals(1000, c.tickTime());
        assertEquals(dir.resolve("d"), c.dataDir());
        assertEquals(c.dataDir(), c.dataLogDir());
        assertEquals(2999, c.clientPort());
        assertEquals(5, c.maxClientCnxns());
        assertEquals(2000, c.minSessionTimeout(), "2 x tickTime");
        assertEquals(20000, c.maxSessionTimeout(), "20 x tickTime");
        assertEquals(java.util.Set.of("ruok", "srvr"), c.fourLetterWords());
        assertFalse(c.forceSync());
        assertEquals(0xfffff, c.maxFrameBytes());
    }

    @Test
    void starWhitelistsEveryWord() throws IOException {
        assertEquals(ServerConfig.ALL_FOUR_LETTER_WORDS, parse("4lw.commands.whitelist=*\n", new ArrayList<>()).fourLetterWords());
    }

    @Test
    void zooKeepersSampleConfigIsAcceptedWithWarningsForKeysWithoutEffect() throws IOException {
        List<String> warnings = new ArrayList<>();
        ServerConfig c = parse("tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zk\nclientPort=2181\n"
                + "admin.enableServer=false\n", warnings);
        assertEquals(Path.of("/tmp/zk"), c.dataDir());
        assertFalse(c.isReplicated());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("admin.enableServer")), warnings.toString());
    }

    @Test
    void unknownKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("tickTme=2000\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("unknown config key 'tickTme'"), e.getMessage());
    }

    @Test
    void invalidValuesAreNamedAllAtOnce() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("clientPort=70000\ntickTime=soon\nforceSync=maybe\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("'clientPort' must be between 0 and 65535, got 70000"), e.getMessage());
        assertTrue(e.getMessage().contains("'tickTime' must be a whole number, got 'soon'"), e.getMessage());
        assertTrue(e.getMessage().contains("'forceSync' must be yes or no, got 'maybe'"), e.getMessage());
    }

    @Test
    void minAboveMaxTimeoutIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("minSessionTimeout=50000\nmaxSessionTimeout=40000\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("minSessionTimeout"), e.getMessage());
    }

    @Test
    void unknownFourLetterWordIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("4lw.commands.whitelist=ruok,oops\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
    }

    @Test
    void ensembleLinesAndMyidDescribeTheEnsemble() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/myid"), "2\n");
        ServerConfig c = parse("dataDir=d\ninitLimit=7\nsyncLimit=3\n"
                + "server.1=127.0.0.1:2888:3888\n"
                + "server.2=127.0.0.1:2889:3889:participant;2182\n"
                + "server.3=127.0.0.1:2890:3890;127.0.0.1:2183\n"
                + "server.4=127.0.0.1:2891:3891:observer\n", new ArrayList<>());
        EnsembleConfig e = c.ensemble();
        assertTrue(c.isReplicated());
        assertEquals(2, e.myId());
        assertEquals(7, e.initLimit());
        assertEquals(3, e.syncLimit());
        assertEquals(List.of(1L, 2L, 3L), e.voters().stream().map(EnsembleConfig.Member::id).toList());
        assertEquals(List.of(4L), e.observers().stream().map(EnsembleConfig.Member::id).toList());
        assertEquals(new EnsembleConfig.Member(2, "127.0.0.1", 2889, 3889, EnsembleConfig.Role.PARTICIPANT, null, 2182), e.me());
        assertEquals("127.0.0.1", e.members().get(3L).clientAddress());
        assertEquals(2183, e.members().get(3L).clientPort());
    }

    @Test
    void standaloneHasNoEnsemble() throws IOException {
        assertFalse(parse("clientPort=2181\n", new ArrayList<>()).isReplicated());
    }

    @Test
    void missingMyidIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("dataDir=d\nserver.1=127.0.0.1:2888:3888\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("myid"), e.getMessage());
    }

    @Test
    void myidWithoutItsServerLineIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/myid"), "9");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("dataDir=d\nserver.1=127.0.0.1:2888:3888\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("no server.9 line"), e.getMessage());
    }

    @Test
    void malformedServerLinesAreNamed() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/myid"), "1");
        ConfigException e = assertThrows(ConfigException.class, () -> parse("dataDir=d\n"
                + "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2888\nserver.3=h:1:2:boss\nserver.x=h:1:2\n"
                + "server.4=h:0:2\nserver.300=h:1:2\n", new ArrayList<>()));
        String m = e.getMessage();
        assertTrue(m.contains("'server.2=127.0.0.1:2888'"), m);
        assertTrue(m.contains("'server.3': the role must be participant or observer, got 'boss'"), m);
        assertTrue(m.contains("'server.x': the server id must be a number"), m);
        assertTrue(m.contains("'server.4': the quorum port must be between 1 and 65535, got 0"), m);
        assertTrue(m.contains("'server.300': the server id must be between 1 and 254"), m);
    }

    @Test
    void snapRetainCountBelowThreeIsRaisedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(3, parse("autopurge.snapRetainCount=1\n", warnings).snapRetainCount());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("snapRetainCount")));
    }
}
