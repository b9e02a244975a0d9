package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A server with ZooKeeper's default four-letter-word whitelist (srvr only) and at most three connections per address. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictedServerTest {
    private static final int MAX_CNXNS = 3;

    private WardenServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0).withMaxClientCnxns(MAX_CNXNS));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void wordsOutsideTheWhitelistAreRefusedByName() throws Exception {
        for (String w : new String[] {"ruok", "stat", "mntr", "conf", "cons", "wchs", "dirs", "envi"}) {
            assertEquals(w + " is not executed because it is not in the whitelist.\n", word(w));
        }
        assertTrue(word("srvr").contains("Mode: standalone"));
    }

    /** A four-letter word's answer, retried while the connection limit still counts connections of other tests. */
    private String word(String w) throws Exception {
        String[] answer = new String[1];
        Bounded.until("an answer to " + w, () -> {
            answer[0] = RawClient.fourLetterWord(server.clientPort(), w);
            return !answer[0].isEmpty();
        });
        return answer[0];
    }

    @Test
    void connectionsBeyondTheLimitPerAddressAreRefused() throws Exception {
        List<RawClient> held = new ArrayList<>();
        try {
            // Connections of earlier tests are released asynchronously: retry until all three slots are ours.
            Bounded.until(MAX_CNXNS + " connections accepted", () -> {
                closeAll(held);
                for (int i = 0; i < MAX_CNXNS; i++) {
                    RawClient c = RawClient.open(server.clientPort());
                    held.add(c);
                    if (!handshakes(c)) {
                        return false;
                    }
                }
                return true;
            });
            assertTrue(refused(), "a fourth connection from 127.0.0.1 is closed at once");
            held.remove(0).close();
            Bounded.until("a freed slot is usable again", () -> {
                try (RawClient c = RawClient.open(server.clientPort())) {
                    return handshakes(c);
                }
            });
        } finally {
            closeAll(held);
        }
    }

    private boolean refused() throws IOException {
        try (RawClient c = RawClient.open(server.clientPort())) {
            return c.closedByServer(Bounded.WAIT);
        } catch (SocketException e) {
            // Closed so quickly that setting up the socket already failed.
            return true;
        }
    }

    private static boolean handshakes(RawClient c) throws IOException {
        try {
            return c.handshake(10_000).sessionId() != 0;
        } catch (EOFException e) {
            return false;
        }
    }

    private static void closeAll(List<RawClient> clients) throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        clients.clear();
    }
}
