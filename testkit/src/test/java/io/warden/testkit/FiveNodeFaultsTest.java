package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Five nodes through a lossy, slow network, a leader killed with writes in flight, then a new leader cut off with one
 * follower: whatever the ensemble acknowledged is in every replica at the end, and the replicas are identical.
 */
class FiveNodeFaultsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SESSION_MS = 8_000;

    @Test
    void acknowledgedWritesSurviveLossDelayCrashAndPartition() throws Exception {
        try (WardenEnsemble e = WardenEnsemble.builder().voters(5).start()) {
            e.awaitLeader(DEADLINE);
            Writes writes = new Writes();
            try (ZooKeeper zk = Clients.connect(e.connectString(), SESSION_MS)) {
                writes.createRetrying(zk, "/w", DEADLINE);

                writes.phase("lossy");
                for (int a : e.nodes()) {
                    for (int b : e.nodes()) {
                        if (a < b) {
                            e.link(a, b).drop(0.02, 31L * a + b).delay(Duration.ofMillis(10));
                        }
                    }
                }
                writes.sendAndAwait(zk, "/w/lossy-", 40, DEADLINE);
                e.heal();

                writes.phase("crash");
                int crashed = e.awaitLeader(DEADLINE);
                CountDownLatch inFlight = writes.send(zk, "/w/crash-", 40);
                e.kill(crashed);
                int second = e.awaitLeader(DEADLINE);
                assertNotEquals(crashed, second);
                Writes.await(inFlight, DEADLINE);
                e.restart(crashed);

                Set<Integer> minority = Set.of(second, second == 1 ? 2 : 1);
                Set<Integer> majority = e.nodes().stream().filter(id -> !minority.contains(id)).collect(Collectors.toSet());
                int[] minorityIds = minority.stream().mapToInt(Integer::intValue).toArray();
                int[] majorityIds = majority.stream().mapToInt(Integer::intValue).toArray();
                try (ZooKeeper cutOff = Clients.connectInOrder(e, SESSION_MS, minorityIds);
                     ZooKeeper carriesOn = Clients.connectInOrder(e, SESSION_MS, majorityIds)) {
                    e.partition(minority, majority);
                    writes.phase("partitioned");
                    CountDownLatch refused = writes.send(cutOff, "/w/minority-", 5);
                    int third = e.awaitLeaderAmong(majority, DEADLINE);
                    assertEquals(true, majority.contains(third));
                    for (int i = 0; i < 10; i++) {
                        writes.createRetrying(carriesOn, "/w/majority-" + i, DEADLINE);
                    }
                    Writes.await(refused, DEADLINE);
                    writes.phase("healed");
                    assertEquals(List.of(),
                            writes.ackedIn("partitioned").stream().filter(p -> p.contains("minority")).toList(),
                            "the cut-off minority acknowledged writes");
                    e.heal();
                    writes.assertAllPresent(carriesOn);
                }
            }
            // A fresh client: the first one's session may have expired on the way, which is not this test's concern.
            try (ZooKeeper check = Clients.connect(e.connectString(), SESSION_MS)) {
                writes.assertAllPresent(check);
            }
            e.awaitConverged(DEADLINE);
            assertEquals(5, e.digests().size());
        }
    }
}
