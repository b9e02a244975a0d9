package io.warden.server.e2e;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One standalone server with ZooKeeper's defaults and one official client, shared by a test class's tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneServer {
    static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    WardenServer server;
    ZooKeeper zk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0));
        zk = Clients.connect(server.connectString());
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
}
