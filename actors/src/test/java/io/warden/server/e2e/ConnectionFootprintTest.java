package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an idle client session costs the server's heap. The outgoing buffer of a connection once took 400 KB of it from
 * the start (a 100,000-slot array per connection): 200 clients were 80 MB. It grows with what is waiting now.
 */
class ConnectionFootprintTest {
    private static final int CLIENTS = 200;
    /** Measured ~18 KB per session (connection actor, stream stages, session); the old buffer alone was 400 KB. */
    private static final long MAX_BYTES_PER_CLIENT = 100_000;

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void anIdleSessionCostsKilobytesNotHundredsOfThem(@TempDir Path dir) throws Exception {
        try (WardenServer server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0).withMaxClientCnxns(0))) {
            try (RawClient warm = RawClient.open(server.clientPort())) {
                warm.handshake(30_000);
            }
            long before = usedAfterGc();
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    RawClient c = RawClient.open(server.clientPort());
                    clients.add(c);
                    assertNotEquals(0, c.handshake(30_000).sessionId());
                }
                long perClient = (usedAfterGc() - before) / CLIENTS;
                assertTrue(perClient < MAX_BYTES_PER_CLIENT, perClient + " bytes of heap per idle session");
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
