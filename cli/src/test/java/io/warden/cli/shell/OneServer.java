package io.warden.cli.shell;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One real Warden server shared by a shell test class; {@code cs} is where the shell connects. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneServer {
    static final String NL = System.lineSeparator();

    @TempDir
    static Path dataDir;
    TestServers.Running server;
    String cs;

    @BeforeAll
    void startServer() throws Exception {
        server = TestServers.start(dataDir);
        cs = server.connectString();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }
}
