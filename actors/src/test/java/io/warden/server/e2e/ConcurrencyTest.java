package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Many sessions at once: the server must serialise their writes into one order, as ZooKeeper does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private static final int CLIENTS = 8;

    private WardenServer server;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        clients.clear();
    }

    private List<ZooKeeper> connectAll(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<ZooKeeper>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pending.add(pool.submit(() -> Clients.connect(server.connectString())));
            }
            for (Future<ZooKeeper> f : pending) {
                clients.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return clients;
    }

    @Test
    void manySessionsConnectAtOnceWithDistinctIds() throws Exception {
        List<ZooKeeper> all = connectAll(40);
        Set<Long> ids = new TreeSet<>();
        for (ZooKeeper zk : all) {
            ids.add(zk.getSessionId());
        }
        assertEquals(40, ids.size());
    }

    @Test
    void concurrentSequentialCreatesGetDistinctContiguousNumbers() throws Exception {
        List<ZooKeeper> all = connectAll(CLIENTS);
        all.get(0).create("/race", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int perClient = 150;
        Set<String> names = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CLIENTS * perClient);
        for (int i = 0; i < perClient; i++) {
            for (ZooKeeper zk : all) {
                zk.create("/race/n-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                        (rc, path, ctx, name) -> {
                            if (rc == 0) {
                                names.add(name);
                            } else {
                                failures.incrementAndGet();
                            }
                            done.countDown();
                        }, null);
            }
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, failures.get());
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < CLIENTS * perClient; i++) {
            expected.add(String.format("/race/n-%010d", i));
        }
        assertEquals(expected, new TreeSet<>(names));
        assertEquals(CLIENTS * perClient, all.get(1).getChildren("/race", false).size());
    }

    @Test
    void compareAndSetHasExactlyOneWinnerPerVersion() throws Exception {
        List<ZooKeeper> all = connectAll(CLIENTS);
        all.get(0).create("/cas", bytes("0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int round = 0; round < 10; round++) {
            int version = round;
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger losers = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (ZooKeeper zk : all) {
                zk.setData("/cas", bytes("r" + round), version, (rc, path, ctx, stat) -> {
                    if (rc == 0) {
                        winners.incrementAndGet();
                    } else if (rc == KeeperException.Code.BADVERSION.intValue()) {
                        losers.incrementAndGet();
                    }
                    done.countDown();
                }, null);
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(1, winners.get(), "round " + round);
            assertEquals(CLIENTS - 1, losers.get(), "round " + round);
        }
        Stat stat = all.get(0).exists("/cas", false);
        assertEquals(10, stat.getVersion());
    }

    @Test
    void everyClientSeesTheSameOrderOfWrites() throws Exception {
        List<ZooKeeper> all = connectAll(4);
        all.get(0).create("/order", bytes("-"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        CountDownLatch done = new CountDownLatch(4 * 50);
        List<Long> mzxids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            for (ZooKeeper zk : all) {
                zk.setData("/order", bytes("w"), -1, (rc, path, ctx, stat) -> {
                    if (rc == 0) {
                        mzxids.add(stat.getMzxid());
                    }
                    done.countDown();
                }, null);
            }
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(200, mzxids.size());
        assertEquals(200, new TreeSet<>(mzxids).size(), "every write got a zxid of its own");
        assertEquals(200, all.get(2).exists("/order", false).getVersion());
    }
}
