package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.cache.PathChildrenCache;
import org.apache.curator.framework.recipes.cache.TreeCache;
import org.apache.curator.framework.recipes.cache.TreeCacheEvent;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.SharedCountListener;
import org.apache.curator.framework.recipes.shared.SharedCountReader;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.utils.CloseableUtils;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Curator 5 recipes, unchanged, against Warden: they exercise sequential ephemerals, watches and versions together. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CuratorRecipesTest {
    private WardenServer server;
    private CuratorFramework a;
    private CuratorFramework b;
    private final List<Closeable> toClose = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0).withContainerCheckIntervalMs(100));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clients() throws Exception {
        a = client();
        b = client();
    }

    @AfterEach
    void closeClients() {
        List<Closeable> recipes = new ArrayList<>(toClose);
        toClose.clear();
        for (int i = recipes.size() - 1; i >= 0; i--) {
            try {
                recipes.get(i).close();
            } catch (IOException | IllegalStateException e) {
                // Closed by the test already (a latch refuses a second close).
            }
        }
        CloseableUtils.closeQuietly(a);
        CloseableUtils.closeQuietly(b);
    }

    private CuratorFramework client() throws Exception {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(server.connectString())
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(10_000)
                .retryPolicy(new RetryNTimes(3, 100))
                .build();
        c.start();
        assertTrue(c.blockUntilConnected(10, TimeUnit.SECONDS), "Curator connected");
        return c;
    }

    private <T extends Closeable> T closeLater(T t) {
        toClose.add(t);
        return t;
    }

    @Test
    void leaderLatchElectsOneAndFailsOver() throws Exception {
        LeaderLatch first = closeLater(new LeaderLatch(a, "/latch", "a"));
        LeaderLatch second = closeLater(new LeaderLatch(b, "/latch", "b"));
        first.start();
        second.start();
        Bounded.until("a leader", () -> first.hasLeadership() || second.hasLeadership());
        LeaderLatch leader = first.hasLeadership() ? first : second;
        LeaderLatch follower = leader == first ? second : first;
        assertFalse(follower.hasLeadership(), "exactly one leader");
        assertEquals(leader.getId(), follower.getLeader().getId());

        leader.close();
        assertTrue(follower.await(10, TimeUnit.SECONDS), "the other latch takes over");
        assertTrue(follower.hasLeadership());
        assertEquals(1, follower.getParticipants().size());
    }

    @Test
    void interProcessMutexExcludesAcrossClients() throws Exception {
        InterProcessMutex lockA = new InterProcessMutex(a, "/mutex");
        InterProcessMutex lockB = new InterProcessMutex(b, "/mutex");
        assertTrue(lockA.acquire(10, TimeUnit.SECONDS));
        assertFalse(lockB.acquire(300, TimeUnit.MILLISECONDS), "held by the other client");
        lockA.release();
        assertTrue(lockB.acquire(10, TimeUnit.SECONDS));
        lockB.release();

        // Read-modify-write of a counter under the lock from two clients loses no increment.
        a.create().forPath("/mutex-counter", "0".getBytes(StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (InterProcessMutex lock : List.of(lockA, lockB)) {
                CuratorFramework c = lock == lockA ? a : b;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        assertTrue(lock.acquire(10, TimeUnit.SECONDS));
                        try {
                            int v = Integer.parseInt(new String(c.getData().forPath("/mutex-counter"), StandardCharsets.UTF_8));
                            // Unconditional write: only the lock keeps the two clients from overwriting each other.
                            c.setData().forPath("/mutex-counter", Integer.toString(v + 1).getBytes(StandardCharsets.UTF_8));
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("30", new String(a.getData().forPath("/mutex-counter"), StandardCharsets.UTF_8));
    }

    @Test
    void distributedQueueDeliversInOrder() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        QueueSerializer<String> serializer = new QueueSerializer<>() {
            @Override
            public byte[] serialize(String item) {
                return item.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String deserialize(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
        QueueConsumer<String> consumer = new QueueConsumer<>() {
            @Override
            public void consumeMessage(String message) {
                received.add(message);
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState newState) {
            }
        };
        DistributedQueue<String> consuming = closeLater(QueueBuilder.builder(b, consumer, serializer, "/queue").buildQueue());
        DistributedQueue<String> producing = closeLater(QueueBuilder.builder(a, null, serializer, "/queue").buildQueue());
        consuming.start();
        producing.start();
        for (int i = 0; i < 5; i++) {
            producing.put("item-" + i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("item-" + i, Bounded.take(received, "queue item " + i));
        }
        Bounded.until("consumed items are removed", () -> a.getChildren().forPath("/queue").isEmpty());
    }

    @Test
    void distributedBarrierHoldsUntilRemoved() throws Exception {
        DistributedBarrier setter = new DistributedBarrier(a, "/barrier");
        DistributedBarrier waiter = new DistributedBarrier(b, "/barrier");
        setter.setBarrier();
        assertFalse(waiter.waitOnBarrier(200, TimeUnit.MILLISECONDS), "the barrier holds");
        CompletableFuture<Boolean> passed = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.waitOnBarrier(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        setter.removeBarrier();
        assertTrue(passed.get(15, TimeUnit.SECONDS), "released by the removal");
        assertNull(a.checkExists().forPath("/barrier"));
    }

    @Test
    void sharedCountIsSeenByTheOtherClient() throws Exception {
        SharedCount countA = closeLater(new SharedCount(a, "/count", 0));
        SharedCount countB = closeLater(new SharedCount(b, "/count", 0));
        BlockingQueue<Integer> seenByB = new LinkedBlockingQueue<>();
        countB.addListener(new SharedCountListener() {
            @Override
            public void countHasChanged(SharedCountReader reader, int newCount) {
                seenByB.add(newCount);
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState newState) {
            }
        });
        countA.start();
        countB.start();
        assertTrue(countA.trySetCount(countA.getVersionedValue(), 7));
        assertEquals(7, Bounded.take(seenByB, "the new count"));
        // A stale version loses.
        var stale = countB.getVersionedValue();
        assertTrue(countB.trySetCount(stale, 8));
        assertFalse(countA.trySetCount(stale, 9), "compare-and-set with an old version fails");
        Bounded.until("A sees 8", () -> countA.getCount() == 8);
    }

    @Test
    void curatorCacheReportsCreatesChangesAndDeletes() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CuratorCache cache = closeLater(CuratorCache.build(b, "/cache"));
        CountDownLatchHolder initialized = new CountDownLatchHolder();
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(n -> events.add("create " + n.getPath() + " " + new String(n.getData(), StandardCharsets.UTF_8)))
                .forChanges((before, after) -> events.add("change " + after.getPath() + " "
                        + new String(after.getData(), StandardCharsets.UTF_8)))
                .forDeletes(n -> events.add("delete " + n.getPath()))
                .forInitialized(initialized::open)
                .build());
        a.create().forPath("/cache", "root".getBytes(StandardCharsets.UTF_8));
        cache.start();
        assertEquals("create /cache root", Bounded.take(events, "initial create"));
        initialized.await();

        a.create().forPath("/cache/x", "1".getBytes(StandardCharsets.UTF_8));
        assertEquals("create /cache/x 1", Bounded.take(events, "create"));
        a.setData().forPath("/cache/x", "2".getBytes(StandardCharsets.UTF_8));
        assertEquals("change /cache/x 2", Bounded.take(events, "change"));
        a.create().creatingParentsIfNeeded().forPath("/cache/y/z", "deep".getBytes(StandardCharsets.UTF_8));
        assertEquals("create /cache/y ", Bounded.take(events, "create parent"));
        assertEquals("create /cache/y/z deep", Bounded.take(events, "create deep"));
        a.delete().deletingChildrenIfNeeded().forPath("/cache/y");
        List<String> deletes = List.of(Bounded.take(events, "delete"), Bounded.take(events, "delete"));
        assertEquals(Set.of("delete /cache/y", "delete /cache/y/z"), Set.copyOf(deletes));
        assertEquals("2", new String(cache.get("/cache/x").orElseThrow().getData(), StandardCharsets.UTF_8));
    }

    @Test
    void persistentNodeIsRecreatedAfterDeletion() throws Exception {
        PersistentNode node = closeLater(new PersistentNode(a, CreateMode.EPHEMERAL, false, "/persistent-node",
                "mine".getBytes(StandardCharsets.UTF_8)));
        node.start();
        assertTrue(node.waitForInitialCreate(10, TimeUnit.SECONDS));
        long firstCzxid = b.checkExists().forPath("/persistent-node").getCzxid();
        b.delete().forPath("/persistent-node");
        Bounded.until("the node is back", () -> {
            var stat = b.checkExists().forPath("/persistent-node");
            return stat != null && stat.getCzxid() != firstCzxid;
        });
        var stat = b.checkExists().forPath("/persistent-node");
        assertNotNull(stat);
        assertEquals(a.getZookeeperClient().getZooKeeper().getSessionId(), stat.getEphemeralOwner());
        assertNotEquals(firstCzxid, stat.getCzxid());
    }

    @Test
    void leaderSelectorTakesTurns() throws Exception {
        BlockingQueue<String> leaders = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        List<LeaderSelector> selectors = new ArrayList<>();
        for (CuratorFramework c : List.of(a, b)) {
            String id = c == a ? "a" : "b";
            var selector = new LeaderSelector(c, "/selector",
                    new LeaderSelectorListenerAdapter() {
                        @Override
                        public void takeLeadership(CuratorFramework client) throws Exception {
                            leaders.add(id);
                            // Leadership lasts until the test lets go of it.
                            release.await(Bounded.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    });
            selectors.add(closeLater(selector));
        }
        for (var s : selectors) {
            s.start();
        }
        String first = Bounded.take(leaders, "a first leader");
        assertTrue(leaders.isEmpty(), "only one leader at a time");
        release.countDown();
        String second = Bounded.take(leaders, "the second leader");
        assertNotEquals(first, second);
    }

    @Test
    void semaphoreLimitsLeases() throws Exception {
        var semA = new InterProcessSemaphoreV2(a, "/semaphore", 2);
        var semB = new InterProcessSemaphoreV2(b, "/semaphore", 2);
        var l1 = semA.acquire(10, TimeUnit.SECONDS);
        var l2 = semB.acquire(10, TimeUnit.SECONDS);
        assertNotNull(l1);
        assertNotNull(l2);
        assertNull(semB.acquire(300, TimeUnit.MILLISECONDS), "two leases are all there are");
        semA.returnLease(l1);
        var l3 = semB.acquire(10, TimeUnit.SECONDS);
        assertNotNull(l3);
        semB.returnLease(l2);
        semB.returnLease(l3);
    }

    @Test
    void distributedAtomicLongCountsWithoutLosingIncrements() throws Exception {
        var retry = new RetryNTimes(1000, 1);
        var longA = new DistributedAtomicLong(a, "/atomic", retry);
        var longB = new DistributedAtomicLong(b, "/atomic", retry);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (var counter : List.of(longA, longB)) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        assertTrue(counter.increment().succeeded());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50L, longA.get().postValue());
    }

    @Test
    void treeCacheAndPathChildrenCacheFollowTheTree() throws Exception {
        BlockingQueue<String> tree = new LinkedBlockingQueue<>();
        BlockingQueue<String> children = new LinkedBlockingQueue<>();
        a.create().forPath("/legacy", new byte[0]);
        @SuppressWarnings("deprecation")
        var treeCache = closeLater(new TreeCache(b, "/legacy"));
        treeCache.getListenable().addListener((client, event) -> {
            if (event.getData() != null) {
                tree.add(event.getType() + " " + event.getData().getPath());
            } else if (event.getType() == TreeCacheEvent.Type.INITIALIZED) {
                tree.add("INITIALIZED");
            }
        });
        @SuppressWarnings("deprecation")
        var childrenCache = closeLater(new PathChildrenCache(b, "/legacy", true));
        childrenCache.getListenable().addListener((client, event) -> {
            if (event.getData() != null) {
                children.add(event.getType() + " " + event.getData().getPath());
            }
        });
        treeCache.start();
        childrenCache.start();
        assertEquals("NODE_ADDED /legacy", Bounded.take(tree, "root added"));
        assertEquals("INITIALIZED", Bounded.take(tree, "initialized"));

        a.create().forPath("/legacy/k", "1".getBytes(StandardCharsets.UTF_8));
        assertEquals("NODE_ADDED /legacy/k", Bounded.take(tree, "child added"));
        assertEquals("CHILD_ADDED /legacy/k", Bounded.take(children, "child added"));
        a.create().forPath("/legacy/k/deep", new byte[0]);
        assertEquals("NODE_ADDED /legacy/k/deep", Bounded.take(tree, "grandchild added"));
        a.setData().forPath("/legacy/k", "2".getBytes(StandardCharsets.UTF_8));
        assertEquals("NODE_UPDATED /legacy/k", Bounded.take(tree, "child updated"));
        assertEquals("CHILD_UPDATED /legacy/k", Bounded.take(children, "child updated"));
        a.delete().deletingChildrenIfNeeded().forPath("/legacy/k");
        assertEquals(Set.of("NODE_REMOVED /legacy/k", "NODE_REMOVED /legacy/k/deep"),
                Set.of(Bounded.take(tree, "removal"), Bounded.take(tree, "removal")));
        assertEquals("CHILD_REMOVED /legacy/k", Bounded.take(children, "child removed"));
    }

    @Test
    void transactionsAndParentContainers() throws Exception {
        a.create().creatingParentContainersIfNeeded().forPath("/containers/of/leaf", new byte[0]);
        assertEquals(0, b.checkExists().forPath("/containers/of").getEphemeralOwner());
        var results = a.transaction().forOperations(
                a.transactionOp().create().forPath("/containers/tx1", new byte[0]),
                a.transactionOp().setData().forPath("/containers/of/leaf", "x".getBytes(StandardCharsets.UTF_8)),
                a.transactionOp().check().withVersion(0).forPath("/containers"));
        assertEquals(3, results.size());
        assertEquals("x", new String(b.getData().forPath("/containers/of/leaf"), StandardCharsets.UTF_8));
        // Deleting the leaf empties the container parents, which the server then removes bottom-up.
        a.delete().forPath("/containers/of/leaf");
        Bounded.until("the emptied container is removed", () -> b.checkExists().forPath("/containers/of") == null);
        assertNotNull(b.checkExists().forPath("/containers/tx1"));
    }

    /** A one-shot gate with a bounded wait. */
    private static final class CountDownLatchHolder {
        private final CountDownLatch latch = new CountDownLatch(1);

        void open() {
            latch.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(latch.await(Bounded.WAIT.toMillis(), TimeUnit.MILLISECONDS), "cache initialized");
        }
    }
}
