package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * A server cut off from its quorum sends its clients away, as ZooKeeper's does when it is not serving: an idle client
 * on it (whose pings a lone server could answer forever) moves to the majority well before its own read timeout, keeps
 * its session and ephemerals there, and the server takes clients again once it serves.
 */
class MinorityClientsMoveTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Long, so that only the server closing the connection can make the client move within MOVE. */
    private static final int SESSION_MS = 40_000;
    private static final Duration MOVE = Duration.ofSeconds(15);

    @Test
    void anIdleClientOfAnIsolatedServerMovesToTheMajorityAndKeepsItsSession() throws Exception {
        try (WardenEnsemble e = WardenEnsemble.builder().voters(3).start()) {
            int leader = e.awaitLeader(DEADLINE);
            int lone = e.nodes().stream().filter(id -> id != leader).findFirst().orElseThrow();
            int[] order = {lone, leader, e.nodes().stream().filter(id -> id != leader && id != lone).findFirst().orElseThrow()};
            BlockingQueue<Watcher.Event.KeeperState> states = new LinkedBlockingQueue<>();
            try (ZooKeeper client = Clients.connectInOrder(e, SESSION_MS, order)) {
                client.register(event -> states.add(event.getState()));
                client.create("/mine", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                long session = client.getSessionId();

                e.isolate(lone);
                assertEquals(Watcher.Event.KeeperState.Disconnected, states.poll(MOVE.toMillis(), TimeUnit.MILLISECONDS),
                        "the isolated server did not close its client's connection");
                assertEquals(Watcher.Event.KeeperState.SyncConnected, states.poll(MOVE.toMillis(), TimeUnit.MILLISECONDS),
                        "the client did not reconnect elsewhere");
                assertEquals(session, client.getSessionId());
                assertNotNull(client.exists("/mine", false), "the session's ephemeral node is kept");
                client.setData("/mine", new byte[] {1}, -1);
                assertEquals("looking", e.mode(lone));

                // Back in the ensemble, it serves clients again.
                e.heal();
                e.awaitMode(lone, DEADLINE, "follower");
                try (ZooKeeper again = Clients.connectInOrder(e, SESSION_MS, lone)) {
                    Writes.syncOrFail(again);
                    assertEquals(1, again.exists("/mine", false).getVersion());
                }
            }
        }
    }
}
