package io.warden.server.durability;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** The official ZooKeeper client against a test server, and the whole tree as a client reads it. */
public final class Clients {
    private Clients() {
    }

    /** One znode as a client sees it; equal when data and every Stat field are equal. */
    public record Znode(String data, Stat stat) {
    }

    public static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("the client did not connect to " + connectString);
        }
        return zk;
    }

    /** Every znode, path to data and Stat, read one by one (nothing writes meanwhile in these tests). */
    public static Map<String, Znode> tree(ZooKeeper zk) throws KeeperException, InterruptedException {
        Map<String, Znode> out = new TreeMap<>();
        List<String> todo = new ArrayList<>(List.of("/"));
        while (!todo.isEmpty()) {
            String path = todo.remove(todo.size() - 1);
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            out.put(path, new Znode(data == null ? null : Base64.getEncoder().encodeToString(data), stat));
            for (String c : zk.getChildren(path, false)) {
                todo.add(path.equals("/") ? "/" + c : path + "/" + c);
            }
        }
        return out;
    }
}
