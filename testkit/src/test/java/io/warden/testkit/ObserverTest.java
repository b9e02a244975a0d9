package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An observer in an ensemble: it serves reads, takes writes for the leader, and gets every commit, across faults. */
class ObserverTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SESSION_MS = 8_000;

    @RegisterExtension
    final WardenEnsembleExtension ensemble = new WardenEnsembleExtension(() -> WardenEnsemble.builder().voters(3).observers(1));

    @Test
    void anObserverServesReadsAndCatchesUpAfterIsolationAndANewLeader() throws Exception {
        WardenEnsemble e = ensemble.get();
        assertEquals(Set.of(4), e.observers());
        int leader = e.awaitLeader(DEADLINE);
        e.awaitMode(4, DEADLINE, "observer");
        try (ZooKeeper onObserver = Clients.connectInOrder(e, SESSION_MS, 4);
             ZooKeeper onVoters = Clients.connectInOrder(e, SESSION_MS, 1, 2, 3)) {
            // A write through the observer goes to the leader; a write elsewhere reaches the observer.
            onObserver.create("/via-observer", "o".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            onVoters.create("/via-voter", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertArrayEquals("o".getBytes(), onVoters.getData("/via-observer", false, null));
            Writes.syncOrFail(onObserver);
            assertArrayEquals("v".getBytes(), onObserver.getData("/via-voter", false, null));

            // Cut off, the observer costs the voters nothing; it serves what it has and gets the rest later.
            NodeDigest before = e.awaitConverged(DEADLINE);
            e.isolate(4);
            onVoters.create("/while-isolated", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertEquals(before, e.digest(4));
            e.heal();
            e.awaitConverged(DEADLINE);

            // A new leader: the observer follows it and gets its commits.
            e.kill(leader);
            int next = e.awaitLeader(DEADLINE);
            assertNotEquals(leader, next);
            e.awaitMode(4, DEADLINE, "observer");
            new Writes().createRetrying(onVoters, "/after-failover", DEADLINE);
            e.restart(leader);
            e.awaitConverged(DEADLINE);
            Writes.syncOrFail(onObserver);
            assertEquals(0, onObserver.exists("/after-failover", false).getVersion());
            assertEquals(0, onObserver.exists("/while-isolated", false).getVersion());
        }
    }
}
