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
        ServerConfig c = parse("tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zk\nclientPort=2181\n", warnings);
        assertEquals(Path.of("/tmp/zk"), c.dataDir());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("initLimit")), warnings.toString());
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
    void serverLinesAreRefusedClearlyUntilEnsemblesExist() {
        Properties p = new Properties();
        p.setProperty("server.1", "127.0.0.1:2888:3888");
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfg.parse(p, dir, w -> { }));
        assertTrue(e.getMessage().contains("server.1"), e.getMessage());
    }

    @Test
    void snapRetainCountBelowThreeIsRaisedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(3, parse("autopurge.snapRetainCount=1\n", warnings).snapRetainCount());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("snapRetainCount")));
    }
}
