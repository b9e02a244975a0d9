package io.warden.server.e2e;

import io.warden.server.TestPorts;
import static io.warden.server.e2e.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.durability.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-server ensemble of real processes, each what {@code bin/warden server --config zoo.cfg} runs: writes through a
 * follower, read-your-writes after {@code sync} on another server, SIGKILL of the leader under write load with no
 * acknowledged write lost, and the killed server, restarted on its data, catching up with no manual step.
 */
class EnsembleProcessesTest {
    private static final Duration FORMED = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final Path[] configs = new Path[4];
    private final int[] clientPorts = new int[4];
    private final ServerProcess[] servers = new ServerProcess[4];
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        for (ServerProcess s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void writesSyncAKilledLeaderAndARestartedServerCatchingUp() throws Exception {
        configure();
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path cfg = configs[i];
            starting.add(CompletableFuture.supplyAsync(() -> start(cfg)));
        }
        for (int i = 1; i <= 3; i++) {
            servers[i] = starting.get(i - 1).get(90, TimeUnit.SECONDS);
        }
        int leader = formed();
        int f1 = leader == 1 ? 2 : 1;
        int f2 = 6 - leader - f1;

        // Writes through one follower; read-your-writes on the other after sync.
        ZooKeeper onF1 = client(address(f1));
        onF1.create("/p", bytes("v0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 1; i <= 20; i++) {
            onF1.setData("/p", bytes("v" + i), i - 1);
        }
        ZooKeeper onF2 = client(address(f2));
        onF2.sync("/p");
        assertArrayEquals(bytes("v20"), onF2.getData("/p", false, null));

        // Write load from a client that knows all three; then SIGKILL the leader.
        ZooKeeper writer = client(address(1) + "," + address(2) + "," + address(3));
        writer.create("/load", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<Integer> unexpected = ConcurrentHashMap.newKeySet();
        AsyncCallback.StatCallback[] again = new AsyncCallback.StatCallback[1];
        again[0] = (rc, path, ctx, stat) -> {
            if (rc == 0) {
                acked.incrementAndGet();
            } else if (rc != KeeperException.Code.CONNECTIONLOSS.intValue()) {
                unexpected.add(rc);
            }
            if (writing.get()) {
                writer.setData("/load", null, -1, again[0], null);
            } else {
                outstanding.decrementAndGet();
            }
        };
        int inFlight = 8;
        outstanding.set(inFlight);
        for (int i = 0; i < inFlight; i++) {
            writer.setData("/load", null, -1, again[0], null);
        }
        Bounded.until("writes acknowledged", Duration.ofSeconds(30), () -> acked.get() >= 200);
        servers[leader].kill();
        int before = acked.get();
        Bounded.until("writes acknowledged after the leader's death", Duration.ofSeconds(30),
                () -> acked.get() >= before + 200);
        writing.set(false);
        Bounded.until("every write answered", Duration.ofSeconds(30), () -> outstanding.get() == 0);
        assertEquals(Set.of(), unexpected, "error codes other than connection loss");
        writer.sync("/load");
        int version = writer.exists("/load", false).getVersion();
        assertTrue(version >= acked.get(), "acknowledged writes lost: " + acked.get() + " acked, version " + version);

        // The killed server comes back on its data and catches up with no manual step.
        servers[leader] = start(configs[leader]);
        int next = formedWith(leader);
        Bounded.until("the restarted server has the leader's last zxid", FORMED,
                () -> zxid(leader) == zxid(next));
        ZooKeeper onRestarted = client(address(leader));
        onRestarted.sync("/load");
        assertEquals(version, onRestarted.exists("/load", false).getVersion());
        assertArrayEquals(bytes("v20"), onRestarted.getData("/p", false, null));
    }

    private static ServerProcess start(Path cfg) {
        try {
            return ServerProcess.start(cfg);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void configure() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            clientPorts[i] = freePort();
            lines.append("server.").append(i).append("=127.0.0.1:").append(freePort()).append(':').append(freePort())
                    .append('\n');
        }
        for (int i = 1; i <= 3; i++) {
            Path d = Files.createDirectories(dir.resolve("s" + i));
            Files.writeString(d.resolve("myid"), Integer.toString(i));
            configs[i] = d.resolve("zoo.cfg");
            // config/ensemble-3's timing.
            Files.writeString(configs[i], "tickTime=200\ninitLimit=25\nsyncLimit=5\ndataDir=" + d.toAbsolutePath()
                    + "\nclientPortAddress=127.0.0.1\nclientPort=" + clientPorts[i] + "\n" + lines);
        }
    }

    private String address(int server) {
        return "127.0.0.1:" + clientPorts[server];
    }

    private ZooKeeper client(String connect) throws Exception {
        ZooKeeper zk = Clients.connect(connect);
        clients.add(zk);
        return zk;
    }

    /** Waits until one server leads and the other two follow, and returns the leader. */
    private int formed() throws Exception {
        int[] leader = {0};
        Bounded.until("a leader and two followers", FORMED, () -> {
            int leaders = 0;
            int followers = 0;
            for (int i = 1; i <= 3; i++) {
                String mode = mode(i);
                if (mode.equals("leader")) {
                    leaders++;
                    leader[0] = i;
                } else if (mode.equals("follower")) {
                    followers++;
                }
            }
            return leaders == 1 && followers == 2;
        });
        return leader[0];
    }

    /** As {@link #formed()}, once {@code follower} follows. */
    private int formedWith(int follower) throws Exception {
        Bounded.until("server " + follower + " follows", FORMED, () -> mode(follower).equals("follower"));
        return formed();
    }

    private String mode(int server) throws IOException {
        return field(srvr(server), "Mode: ");
    }

    private long zxid(int server) throws IOException {
        return Long.decode(field(srvr(server), "Zxid: "));
    }

    private static String field(String srvr, String name) {
        for (String line : srvr.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).trim();
            }
        }
        return "";
    }

    /** The srvr four-letter word, as the bench and operators ask it; "" if the server does not answer now. */
    private String srvr(int server) throws IOException {
        try (Socket s = new Socket("127.0.0.1", clientPorts[server])) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.ConnectException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        return TestPorts.free();
    }
}
