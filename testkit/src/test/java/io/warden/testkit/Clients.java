package io.warden.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.HostProvider;

/** Official ZooKeeper clients for the ensemble tests. */
final class Clients {
    static final Duration CONNECT = Duration.ofSeconds(30);

    private Clients() {
    }

    /** A client of {@code connectString} (servers in random order, as ZooKeeper does), once it is connected. */
    static ZooKeeper connect(String connectString, int sessionTimeoutMs) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeoutMs, connectedLatch(connected));
        return awaitConnected(zk, connected);
    }

    /** A client that tries the servers in the order given, starting with the first: a test chooses where it lands. */
    static ZooKeeper connectInOrder(WardenEnsemble e, int sessionTimeoutMs, int... ids)
            throws IOException, InterruptedException {
        List<InetSocketAddress> order = new ArrayList<>();
        for (int id : ids) {
            order.add(new InetSocketAddress("127.0.0.1", e.clientPort(id)));
        }
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(e.connectString(ids), sessionTimeoutMs, connectedLatch(connected), false,
                new InOrder(order));
        return awaitConnected(zk, connected);
    }

    private static Watcher connectedLatch(CountDownLatch connected) {
        return event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
    }

    private static ZooKeeper awaitConnected(ZooKeeper zk, CountDownLatch connected) throws InterruptedException {
        if (!connected.await(CONNECT.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new AssertionError("the client did not connect within " + CONNECT);
        }
        return zk;
    }

    /** Round robin over a fixed order; after a full round without a connection it backs off as ZooKeeper's does. */
    private static final class InOrder implements HostProvider {
        private final List<InetSocketAddress> servers;
        private int next;
        private int triedSinceConnected;

        InOrder(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
        }

        @Override
        public int size() {
            return servers.size();
        }

        @Override
        public InetSocketAddress next(long spinDelay) {
            if (triedSinceConnected >= servers.size() && spinDelay > 0) {
                try {
                    Thread.sleep(spinDelay); // the client's reconnect back-off, as in StaticHostProvider
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                triedSinceConnected = 0;
            }
            triedSinceConnected++;
            InetSocketAddress a = servers.get(next);
            next = (next + 1) % servers.size();
            return a;
        }

        @Override
        public void onConnected() {
            triedSinceConnected = 0;
        }

        @Override
        public boolean updateServerList(Collection<InetSocketAddress> serverAddresses, InetSocketAddress currentHost) {
            return false;
        }
    }
}
