package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** The example of testkit/README.md, quoted from here between the "example" markers: it must compile and pass. */
class ReadmeExampleTest {
    // example:begin
    @Test
    void aWriteSurvivesTheLossOfTheLeader() throws Exception {
        Duration deadline = Duration.ofSeconds(60);
        try (WardenEnsemble ensemble = WardenEnsemble.builder().voters(3).start()) {
            int leader = ensemble.awaitLeader(deadline);
            int[] followers = ensemble.nodes().stream().filter(id -> id != leader).mapToInt(id -> id).toArray();
            ZooKeeper zk = new ZooKeeper(ensemble.connectString(followers), 10_000, event -> { });
            try {
                zk.create("/config", "v1".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                ensemble.awaitConverged(deadline);            // every replica has it before the leader goes

                ensemble.kill(leader);                        // abrupt: no goodbye, storage kept
                int next = ensemble.awaitLeader(deadline);    // the followers elect one of them
                assertNotEquals(leader, next);
                zk.setData("/config", "v2".getBytes(), 0);

                ensemble.restart(leader);                     // same ports, same data
                ensemble.awaitConverged(deadline);            // every replica: same zxid, same tree digest
                assertArrayEquals("v2".getBytes(), zk.getData("/config", false, null));
            } finally {
                zk.close();
            }
        }
    }
    // example:end

    @Test
    void anIsolatedNodeStaysIsolatedAcrossARestartUntilHealed() throws Exception {
        Duration deadline = Duration.ofSeconds(60);
        try (WardenEnsemble ensemble = WardenEnsemble.builder().voters(3).start()) {
            int leader = ensemble.awaitLeader(deadline);
            NodeDigest empty = ensemble.awaitConverged(deadline);
            int follower = leader == 1 ? 2 : 1;
            ensemble.isolate(follower);
            ensemble.kill(follower);
            ensemble.restart(follower);
            ensemble.awaitMode(follower, deadline, "looking");
            try (ZooKeeper zk = Clients.connectInOrder(ensemble, 10_000, leader)) {
                zk.create("/x", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertEquals(empty, ensemble.digest(follower), "an isolated follower gets nothing");
                assertNotEquals(empty, ensemble.digest(leader));
            }
            ensemble.heal();
            NodeDigest after = ensemble.awaitConverged(deadline);
            assertNotEquals(empty, after);
        }
    }
}
