package io.warden.cli.shell;

import java.nio.file.Path;

/**
 * The one place the CLI tests get a server from.
 *
 * <p>Today it starts {@link FakeZkServer}, an in-test stand-in, because Warden's server did not exist when these
 * tests were written. To run every CLI test against the real thing, replace the body of {@link #start} with this
 * one line (and delete FakeZkServer):
 * <pre>
 *   var s = io.warden.server.WardenServer.start(io.warden.server.config.ServerConfig.standalone(dataDir).withClientPort(0)); return running(s.connectString(), s);
 * </pre>
 * The tests only assume ZooKeeper's behaviour, and work under their own top-level nodes.
 */
final class TestServers {
    private TestServers() {
    }

    /** A started server: where to connect, and how to stop it. */
    interface Running extends AutoCloseable {
        String connectString();
    }

    static Running start(Path dataDir) throws Exception {
        return FakeZkServer.start();
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
