package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * A three-node ensemble whose leader is cut off into a minority, on slow links: the old leader steps down and
 * acknowledges nothing, the majority elects and goes on, clients of the minority move over, and after healing every
 * replica holds the same tree with every acknowledged write.
 */
class LeaderPartitionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SESSION_MS = 6_000;

    @Test
    void aLeaderCutOffIntoAMinorityStepsDownAndTheMajorityCarriesOn() throws Exception {
        try (WardenEnsemble e = WardenEnsemble.builder().voters(3).start()) {
            int leader = e.awaitLeader(DEADLINE);
            int f1 = leader == 1 ? 2 : 1;
            int f2 = 6 - leader - f1;
            for (int a : e.nodes()) {
                for (int b : e.nodes()) {
                    if (a < b) {
                        e.link(a, b).delay(Duration.ofMillis(15));
                    }
                }
            }
            Writes writes = new Writes();
            try (ZooKeeper setup = Clients.connectInOrder(e, SESSION_MS, leader);
                 ZooKeeper onLeader = Clients.connectInOrder(e, SESSION_MS, leader, f1, f2);
                 ZooKeeper onlyLeader = Clients.connectInOrder(e, SESSION_MS, leader);
                 ZooKeeper majority = Clients.connectInOrder(e, SESSION_MS, f1, f2)) {
                setup.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                writes.sendAndAwait(onLeader, "/w/before-", 20, DEADLINE);
                assertEquals(20, writes.ackedIn("start").size(), "a healthy ensemble acknowledges every write");

                e.partition(Set.of(leader), Set.of(f1, f2));
                writes.phase("partitioned");
                CountDownLatch cutOff = writes.send(onlyLeader, "/w/minority-", 5);

                int next = e.awaitLeaderAmong(Set.of(f1, f2), DEADLINE);
                assertNotEquals(leader, next);
                e.awaitMode(leader, DEADLINE, "looking");
                writes.sendAndAwait(majority, "/w/majority-", 20, DEADLINE);
                assertEquals(20, writes.ackedIn("partitioned").stream().filter(p -> p.contains("majority")).count());

                // The old leader's client, free to move, reaches the majority: its write is acknowledged while the
                // partition still holds, which only the majority can do.
                writes.createRetrying(onLeader, "/w/moved", DEADLINE);

                // The client that knows only the old leader gets errors, never an acknowledgement, while cut off.
                Writes.await(cutOff, DEADLINE);
                writes.phase("healed");
                assertEquals(List.of(), writes.ackedIn("partitioned").stream().filter(p -> p.contains("minority")).toList(),
                        "the cut-off old leader acknowledged writes");
                // Refused, not lost in silence: each write got an error (the official client says ConnectionLoss when
                // the server stops answering).
                assertEquals(5, writes.failed().keySet().stream().filter(p -> p.contains("minority")).count(),
                        "every write to the cut-off old leader failed: " + writes.failed());

                e.heal();
                writes.assertAllPresent(majority);
                try (ZooKeeper back = Clients.connectInOrder(e, SESSION_MS, leader)) {
                    writes.assertAllPresent(back);
                }
                e.awaitConverged(DEADLINE);
            }
        }
    }
}
