package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A server that leads again after another's term must give every session a full timeout, as ZooKeeper's new leader
 * does; deadlines it remembers from its own earlier term are long past and would expire live sessions at once.
 */
class SessionsAcrossLeadersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SESSION_MS = 2_000;

    @Test
    void aLeaderElectedAgainDoesNotExpireSessionsThatStayedAlive() throws Exception {
        try (WardenEnsemble e = WardenEnsemble.builder().voters(3).start()) {
            int first = e.awaitLeader(DEADLINE);
            int[] others = e.nodes().stream().filter(id -> id != first).mapToInt(Integer::intValue).toArray();
            CountDownLatch expired = new CountDownLatch(1);
            try (ZooKeeper client = Clients.connectInOrder(e, SESSION_MS, others);
                 ZooKeeper watcher = Clients.connectInOrder(e, 4_000, others)) {
                client.register(event -> {
                    if (event.getState() == Watcher.Event.KeeperState.Expired) {
                        expired.countDown();
                    }
                });
                client.create("/alive", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

                // Another server leads for a while; the session stays alive through it, longer than its timeout.
                e.isolate(first);
                int second = e.awaitLeaderAmong(Set.of(others[0], others[1]), DEADLINE);
                e.awaitMode(first, DEADLINE, "looking");
                e.heal();
                e.awaitMode(first, DEADLINE, "follower");

                // The first leader leads again (fast leader election prefers the higher id among equals).
                e.kill(second);
                int third = e.awaitLeader(DEADLINE);
                Assumptions.assumeTrue(third == first, "the first leader was elected again");
                // Over more than a session timeout of the new term, the live session stays, with its ephemeral node.
                assertFalse(expired.await(SESSION_MS * 3 / 2, TimeUnit.MILLISECONDS),
                        "the re-elected leader expired a session that stayed alive through the other's term");
                Writes.syncOrFail(watcher);
                assertNotNull(watcher.exists("/alive", false));
                assertNotNull(client.exists("/alive", false));
            }
        }
    }
}
