package io.warden.cli.shell;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;

/** The one place the CLI tests get a server from: a real standalone Warden on a free port. */
final class TestServers {
    private TestServers() {
    }

    /** A started server: where to connect, and how to stop it. */
    interface Running extends AutoCloseable {
        String connectString();
    }

    static Running start(Path dataDir) {
        WardenServer s = WardenServer.start(ServerConfig.standalone(dataDir).withClientPort(0)
                .withExtendedTypesEnabled(true));
        return running(s.connectString(), s);
    }

    static Running running(String connectString, AutoCloseable server) {
        return new Running() {
            @Override
            public String connectString() {
                return connectString;
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }
}
