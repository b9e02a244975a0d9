package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches as ZooKeeper promises them. "Exactly once" is checked without waiting for silence: events reach a client in
 * zxid order on one event thread, so once a later sentinel event has arrived, an extra earlier one would have too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchesTest {
    private static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    private WardenServer server;
    private ZooKeeper watcher;
    private ZooKeeper writer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0)
                .withFourLetterWords(ServerConfig.ALL_FOUR_LETTER_WORDS));
        watcher = Clients.connect(server.connectString());
        writer = Clients.connect(server.connectString());
    }

    @AfterAll
    void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Makes a change on {@code path} that a fresh exists-watch sees, and waits for it: proof that earlier events arrived. */
    private void sentinel(String path) throws Exception {
        Events s = new Events();
        if (watcher.exists(path, s) == null) {
            writer.create(path, null, OPEN, CreateMode.PERSISTENT);
        } else {
            writer.setData(path, bytes("tick"), -1);
        }
        s.next();
    }

    @Test
    void dataWatchFiresOnceWithTheRightEvent() throws Exception {
        writer.create("/w-data", bytes("0"), OPEN, CreateMode.PERSISTENT);
        Events w = new Events();
        watcher.getData("/w-data", w, null);
        writer.setData("/w-data", bytes("1"), -1);
        writer.setData("/w-data", bytes("2"), -1);
        WatchedEvent e = w.next();
        assertEquals(EventType.NodeDataChanged, e.getType());
        assertEquals("/w-data", e.getPath());
        assertEquals(Watcher.Event.KeeperState.SyncConnected, e.getState());
        sentinel("/w-data-sentinel");
        Bounded.empty(w.nodeEvents, "second event for a one-shot watch");
    }

    @Test
    void existsWatchSeesCreationAndDeletion() throws Exception {
        Events created = new Events();
        assertNull(watcher.exists("/w-exists", created));
        writer.create("/w-exists", null, OPEN, CreateMode.PERSISTENT);
        assertEquals(EventType.NodeCreated, created.next().getType());

        Events deleted = new Events();
        assertNotNull(watcher.exists("/w-exists", deleted));
        writer.delete("/w-exists", -1);
        assertEquals(EventType.NodeDeleted, deleted.next().getType());
        sentinel("/w-exists-sentinel");
        Bounded.empty(created.nodeEvents, "a second event for the creation watch");
        Bounded.empty(deleted.nodeEvents, "a second event for the deletion watch");
    }

    @Test
    void childWatchFiresOnceForChildrenAndNotForDataOrGrandchildren() throws Exception {
        writer.create("/w-kids", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/w-kids/a", null, OPEN, CreateMode.PERSISTENT);
        Events w = new Events();
        assertEquals(List.of("a"), watcher.getChildren("/w-kids", w));
        writer.setData("/w-kids", bytes("data"), -1);
        writer.create("/w-kids/a/grandchild", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/w-kids/b", null, OPEN, CreateMode.PERSISTENT);
        writer.delete("/w-kids/b", -1);
        WatchedEvent e = w.next();
        assertEquals(EventType.NodeChildrenChanged, e.getType());
        assertEquals("/w-kids", e.getPath());
        sentinel("/w-kids-sentinel");
        Bounded.empty(w.nodeEvents, "a second child event");

        // Deleting a watched node tells its child watch NodeDeleted.
        Events gone = new Events();
        watcher.getChildren("/w-kids/a/grandchild", gone);
        writer.delete("/w-kids/a/grandchild", -1);
        assertEquals(EventType.NodeDeleted, gone.next().getType());
    }

    @Test
    void aWatcherReadingInItsCallbackSeesTheNewData() throws Exception {
        writer.create("/w-order", bytes("old"), OPEN, CreateMode.PERSISTENT);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Watcher readBack = event -> {
            try {
                seen.add(text(watcher.getData("/w-order", false, null)));
            } catch (Exception e) {
                seen.add("failed: " + e);
            }
        };
        watcher.getData("/w-order", readBack, null);
        writer.setData("/w-order", bytes("new"), -1);
        assertEquals("new", Bounded.take(seen, "the data read in the watch callback"));
    }

    @Test
    void theWatchEventComesBeforeTheReplyToTheWriteThatTriggeredIt() throws Exception {
        watcher.create("/w-self", bytes("a"), OPEN, CreateMode.PERSISTENT);
        BlockingQueue<String> order = new LinkedBlockingQueue<>();
        watcher.getData("/w-self", e -> order.add("event " + e.getType()), null);
        watcher.setData("/w-self", bytes("b"), -1, (rc, path, ctx, stat) -> order.add("reply " + rc), null);
        assertEquals("event NodeDataChanged", Bounded.take(order, "first"));
        assertEquals("reply 0", Bounded.take(order, "second"));
    }

    @Test
    void persistentWatchStaysAndSeesTheNodeAndItsChildren() throws Exception {
        Events w = new Events();
        watcher.addWatch("/w-p", w, AddWatchMode.PERSISTENT);
        writer.create("/w-p", null, OPEN, CreateMode.PERSISTENT);
        writer.setData("/w-p", bytes("1"), -1);
        writer.setData("/w-p", bytes("2"), -1);
        writer.create("/w-p/child", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/w-p/child/deeper", null, OPEN, CreateMode.PERSISTENT);
        writer.setData("/w-p/child", bytes("x"), -1);
        writer.delete("/w-p/child/deeper", -1);
        writer.delete("/w-p/child", -1);
        writer.delete("/w-p", -1);
        List<EventType> expected = List.of(EventType.NodeCreated, EventType.NodeDataChanged, EventType.NodeDataChanged,
                EventType.NodeChildrenChanged, EventType.NodeChildrenChanged, EventType.NodeDeleted);
        for (EventType t : expected) {
            WatchedEvent e = w.next();
            assertEquals(t, e.getType(), "in " + expected);
            assertEquals("/w-p", e.getPath());
        }
        // Still there after a deletion.
        writer.create("/w-p", null, OPEN, CreateMode.PERSISTENT);
        assertEquals(EventType.NodeCreated, w.next().getType());
        Bounded.empty(w.nodeEvents, "an event for a grandchild or a child's data");

        watcher.removeWatches("/w-p", w, WatcherType.Any, false);
        assertEquals(EventType.PersistentWatchRemoved, w.next().getType());
        writer.setData("/w-p", bytes("after removal"), -1);
        sentinel("/w-p");
        Bounded.empty(w.nodeEvents, "an event after the watch was removed");
    }

    @Test
    void recursiveWatchSeesTheWholeSubtreeWithoutChildEvents() throws Exception {
        Events w = new Events();
        watcher.addWatch("/w-r", w, AddWatchMode.PERSISTENT_RECURSIVE);
        writer.create("/w-r", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/w-r/a", null, OPEN, CreateMode.PERSISTENT);
        writer.create("/w-r/a/b", null, OPEN, CreateMode.PERSISTENT);
        writer.setData("/w-r/a/b", bytes("x"), -1);
        writer.delete("/w-r/a/b", -1);
        writer.create("/w-r-sibling", null, OPEN, CreateMode.PERSISTENT);
        writer.setData("/w-r", bytes("y"), -1);
        List<String> expected = List.of("NodeCreated /w-r", "NodeCreated /w-r/a", "NodeCreated /w-r/a/b",
                "NodeDataChanged /w-r/a/b", "NodeDeleted /w-r/a/b", "NodeDataChanged /w-r");
        for (String x : expected) {
            WatchedEvent e = w.next();
            assertEquals(x, e.getType() + " " + e.getPath(), "in " + expected);
        }
        sentinel("/w-r-sentinel");
        Bounded.empty(w.nodeEvents, "a child event, or an event outside the subtree");
    }

    @Test
    void removeWatchesTellsTheWatcherAndStopsTheEvent() throws Exception {
        writer.create("/w-rm", null, OPEN, CreateMode.PERSISTENT);
        Events data = new Events();
        Events child = new Events();
        watcher.getData("/w-rm", data, null);
        watcher.getChildren("/w-rm", child);

        watcher.removeWatches("/w-rm", data, WatcherType.Data, false);
        assertEquals(EventType.DataWatchRemoved, data.next().getType());
        writer.setData("/w-rm", bytes("changed"), -1);
        writer.create("/w-rm/kid", null, OPEN, CreateMode.PERSISTENT);
        assertEquals(EventType.NodeChildrenChanged, child.next().getType());
        Bounded.empty(data.nodeEvents, "a data event after its watch was removed");

        assertThrows(KeeperException.NoWatcherException.class,
                () -> watcher.removeWatches("/w-rm", data, WatcherType.Data, false));
        assertThrows(KeeperException.NoWatcherException.class,
                () -> watcher.removeAllWatches("/w-rm-none", WatcherType.Any, false));

        Events again = new Events();
        watcher.getData("/w-rm", again, null);
        watcher.getChildren("/w-rm", again);
        watcher.removeAllWatches("/w-rm", WatcherType.Any, false);
        List<EventType> removed = List.of(again.next().getType(), again.next().getType());
        assertEquals(Set.of(EventType.DataWatchRemoved, EventType.ChildWatchRemoved), Set.copyOf(removed));
        writer.setData("/w-rm", bytes("again"), -1);
        sentinel("/w-rm-sentinel");
        Bounded.empty(again.nodeEvents, "an event after removeAllWatches");
    }

    @Test
    void watchesAreCountedByTheServer() throws Exception {
        try (ZooKeeper own = Clients.connect(server.connectString())) {
            writer.create("/w-count", null, OPEN, CreateMode.PERSISTENT);
            own.getData("/w-count", new Events(), null);
            String wchp = RawClient.fourLetterWord(server.clientPort(), "wchp");
            String wchc = RawClient.fourLetterWord(server.clientPort(), "wchc");
            String session = "0x" + Long.toHexString(own.getSessionId());
            assertEquals(true, wchp.contains("/w-count\n\t" + session), wchp);
            assertEquals(true, wchc.contains(session + "\n\t/w-count"), wchc);
            writer.setData("/w-count", bytes("fire"), -1);
            Bounded.until("the fired watch is gone from wchp",
                    () -> !RawClient.fourLetterWord(server.clientPort(), "wchp").contains(session));
        }
    }

    @Test
    void everyWatchingClientGetsExactlyOneEvent() throws Exception {
        writer.create("/w-fan", bytes("0"), OPEN, CreateMode.PERSISTENT);
        List<ZooKeeper> clients = new ArrayList<>();
        try {
            List<Events> first = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ZooKeeper c = Clients.connect(server.connectString());
                clients.add(c);
                Events e = new Events();
                c.getData("/w-fan", e, null);
                first.add(e);
            }
            writer.setData("/w-fan", bytes("1"), -1);
            List<Events> second = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(EventType.NodeDataChanged, first.get(i).next().getType());
                Events e = new Events();
                clients.get(i).exists("/w-fan", e);
                second.add(e);
            }
            writer.setData("/w-fan", bytes("2"), -1);
            for (int i = 0; i < clients.size(); i++) {
                assertEquals(EventType.NodeDataChanged, second.get(i).next().getType());
                Bounded.empty(first.get(i).nodeEvents, "a second event for client " + i + "'s one-shot watch");
            }
        } finally {
            for (ZooKeeper c : clients) {
                c.close();
            }
        }
    }
}
