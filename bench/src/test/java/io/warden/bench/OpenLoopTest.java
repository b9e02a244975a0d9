package io.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a rate the driver offers that load whatever the server does: a server that keeps up answers exactly the offered
 * requests, and the count over the measured period follows the rate, not the server's speed.
 */
class OpenLoopTest {
    @Test
    void aServerThatKeepsUpAnswersTheOfferedRate(@TempDir Path dir) throws Exception {
        double rate = 400;
        LoadSpec spec = new LoadSpec(Workload.SET_DATA, 4, 8, 100, 10, 3, Duration.ofMillis(500), Duration.ofSeconds(2), rate);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (WardenServer server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0))) {
            Result r = LoadRun.run("warden", 1, server.connectString(), spec, null, new PrintStream(log, true));
            assertEquals(0, r.errors(), log.toString());
            assertEquals("ok", r.verified(), "every acknowledged write is in the tree: " + log);
            // A closed loop of 32 in flight would do thousands per second here; the open loop does what it offers.
            assertTrue(Math.abs(r.opsPerSec() - rate) < rate * 0.25, "ops/s " + r.opsPerSec() + " at an offered " + rate);
        }
    }
}
