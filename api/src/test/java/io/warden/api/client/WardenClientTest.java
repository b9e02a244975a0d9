package io.warden.api.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.ACL;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Ids;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import io.warden.api.data.WatcherType;
import io.warden.api.jute.JuteInput;
import io.warden.api.proto.Code;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.ExistsResponse;
import io.warden.api.proto.GetChildrenResponse;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.SetWatches2;
import io.warden.api.proto.WhoAmIResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted server: the exact bytes it sends, and what it makes of the bytes it gets. */
class WardenClientTest {
    private static final long SESSION = 0x1234_5678_9abcL;
    private static final Stat STAT = new Stat(0x10, 0x11, 1000, 2000, 3, 4, 5, 0, 2, 1, 0x12);

    private final BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
    private FakeServer server;
    private WardenClient client;
    private FakeServer.Peer peer;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeServer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.closeAsync();
        }
        if (peer != null) {
            peer.close();
        }
        server.close();
    }

    /** ZooKeeper's own jute classes encode the expected bytes, so a shared misreading cannot pass. */
    private static byte[] zk(Record... records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive archive = BinaryOutputArchive.getArchive(bytes);
        for (Record r : records) {
            r.serialize(archive, "r");
        }
        return bytes.toByteArray();
    }

    private static org.apache.zookeeper.proto.RequestHeader header(int xid, int op) {
        return new org.apache.zookeeper.proto.RequestHeader(xid, op);
    }

    private static List<org.apache.zookeeper.data.ACL> zkOpenAcl() {
        return List.of(new org.apache.zookeeper.data.ACL(31, new org.apache.zookeeper.data.Id("world", "anyone")));
    }

    private void connect(String suffix, boolean readOnlyByte) throws Exception {
        CompletableFuture<WardenClient> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return WardenClient.connect(server.connectString() + suffix, 30_000, events::add);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        peer = server.accept();
        byte[] hello = peer.readFrame();
        assertArrayEquals(zk(new org.apache.zookeeper.proto.ConnectRequest(0, 0, 30_000, 0, new byte[16], false)), hello);
        peer.handshake(SESSION, 20_000, readOnlyByte);
        client = pending.get(10, TimeUnit.SECONDS);
        assertEvent(EventType.None, KeeperState.SyncConnected, null);
    }

    private WatchedEvent assertEvent(EventType type, KeeperState state, String path) throws InterruptedException {
        WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no event arrived");
        assertEquals(type, e.type());
        assertEquals(state, e.state());
        assertEquals(path, e.path());
        return e;
    }

    private static WardenClientException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(WardenClientException.class, e.getCause());
    }

    @Test
    void handshakeSendsZooKeepersConnectRequestAndTakesTheGrantedSession() throws Exception {
        connect("", true);
        assertEquals(ClientState.CONNECTED, client.state());
        assertEquals(SESSION, client.sessionId());
        assertEquals(20_000, client.sessionTimeout());
        assertEquals(16, client.sessionPasswd().length);
    }

    @Test
    void handshakeReplyWithoutTheReadOnlyByteIsAccepted() throws Exception {
        connect("", false);
        assertEquals(ClientState.CONNECTED, client.state());
    }

    @Test
    void getDataSendsExactBytesAndDecodesTheReply() throws Exception {
        connect("", true);
        CompletableFuture<DataResult> f = client.getData("/a", true);
        assertArrayEquals(zk(header(1, 4), new org.apache.zookeeper.proto.GetDataRequest("/a", true)), peer.readRequest());
        peer.reply(1, 0x20, 0, new GetDataResponse("hi".getBytes(StandardCharsets.UTF_8), STAT));
        DataResult r = f.get(10, TimeUnit.SECONDS);
        assertEquals("hi", new String(r.data(), StandardCharsets.UTF_8));
        assertEquals(STAT, r.stat());
        assertEquals(0x20, client.lastZxid());
    }

    @Test
    void xidsIncreaseAndRepliesAreMatchedByXid() throws Exception {
        connect("", true);
        CompletableFuture<List<String>> first = client.getChildren("/", false);
        CompletableFuture<Stat> second = client.exists("/b", false);
        assertArrayEquals(zk(header(1, 8), new org.apache.zookeeper.proto.GetChildrenRequest("/", false)), peer.readRequest());
        assertArrayEquals(zk(header(2, 3), new org.apache.zookeeper.proto.ExistsRequest("/b", false)), peer.readRequest());
        peer.reply(1, 5, 0, new GetChildrenResponse(List.of("x", "y")));
        peer.reply(2, 5, 0, new ExistsResponse(STAT));
        assertEquals(List.of("x", "y"), first.get(10, TimeUnit.SECONDS));
        assertEquals(STAT, second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void errorReplyCompletesExceptionallyWithCodeAndPath() throws Exception {
        connect("", true);
        CompletableFuture<String> f = client.create("/a", new byte[] {7}, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertArrayEquals(zk(header(1, 1), new org.apache.zookeeper.proto.CreateRequest("/a", new byte[] {7}, zkOpenAcl(), 0)),
                peer.readRequest());
        peer.reply(1, 9, Code.NODEEXISTS.intValue(), null);
        WardenClientException e = failure(f);
        assertEquals(Code.NODEEXISTS, e.code());
        assertEquals("/a", e.path());
        assertEquals("KeeperErrorCode = NodeExists for /a", e.getMessage());
    }

    @Test
    void existsAnswersNullForAMissingNode() throws Exception {
        connect("", true);
        CompletableFuture<Stat> f = client.exists("/gone", true);
        peer.readRequest();
        peer.reply(1, 3, Code.NONODE.intValue(), null);
        assertNull(f.get(10, TimeUnit.SECONDS));
    }

    @Test
    void notificationsReachTheWatcherWithTheirZxidBeforeTheReplyThatFollows() throws Exception {
        connect("", true);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<DataResult> f = client.getData("/a", true);
        peer.readRequest();
        peer.notify(0x31, EventType.NodeDataChanged.intValue(), KeeperState.SyncConnected.intValue(), "/a");
        peer.reply(1, 0x31, 0, new GetDataResponse(null, STAT));
        WatchedEvent e = assertEvent(EventType.NodeDataChanged, KeeperState.SyncConnected, "/a");
        order.add("event");
        f.thenRun(() -> order.add("reply")).get(10, TimeUnit.SECONDS);
        assertEquals(0x31, e.zxid());
        assertEquals("WatchedEvent state:SyncConnected type:NodeDataChanged path:/a zxid: 49", e.toString());
        assertEquals(List.of("event", "reply"), order);
        assertNull(f.get().data());
    }

    @Test
    void chrootIsAddedToRequestsAndRemovedFromAnswersAndEvents() throws Exception {
        connect("/app", true);
        CompletableFuture<String> f = client.create("/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        assertArrayEquals(zk(header(1, 1), new org.apache.zookeeper.proto.CreateRequest("/app/x", null, zkOpenAcl(), 2)),
                peer.readRequest());
        peer.reply(1, 4, 0, new CreateResponse("/app/x0000000001"));
        assertEquals("/x0000000001", f.get(10, TimeUnit.SECONDS));

        CompletableFuture<Stat> root = client.exists("/", false);
        assertArrayEquals(zk(header(2, 3), new org.apache.zookeeper.proto.ExistsRequest("/app", false)), peer.readRequest());
        peer.reply(2, 4, 0, new ExistsResponse(STAT));
        assertEquals(STAT, root.get(10, TimeUnit.SECONDS));

        peer.notify(5, EventType.NodeChildrenChanged.intValue(), KeeperState.SyncConnected.intValue(), "/app");
        assertEvent(EventType.NodeChildrenChanged, KeeperState.SyncConnected, "/");
    }

    @Test
    void createVariantsUseTheirOpcodes() throws Exception {
        connect("", true);
        CompletableFuture<CreateResult> ttl = client.create2("/t", new byte[0], Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_WITH_TTL, 5000);
        assertArrayEquals(zk(header(1, 21),
                new org.apache.zookeeper.proto.CreateTTLRequest("/t", new byte[0], zkOpenAcl(), 5, 5000)), peer.readRequest());
        peer.reply(1, 6, 0, new Create2Response("/t", STAT));
        assertEquals(new CreateResult("/t", STAT), ttl.get(10, TimeUnit.SECONDS));

        CompletableFuture<CreateResult> two = client.create2("/c2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, -1);
        assertArrayEquals(zk(header(2, 15), new org.apache.zookeeper.proto.CreateRequest("/c2", null, zkOpenAcl(), 1)),
                peer.readRequest());
        peer.reply(2, 7, 0, new Create2Response("/c2", STAT));
        assertEquals(STAT, two.get(10, TimeUnit.SECONDS).stat());

        CompletableFuture<String> container = client.create("/box", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        assertArrayEquals(zk(header(3, 19), new org.apache.zookeeper.proto.CreateRequest("/box", null, zkOpenAcl(), 4)),
                peer.readRequest());
        peer.reply(3, 8, 0, new Create2Response("/box", STAT));
        assertEquals("/box", container.get(10, TimeUnit.SECONDS));
    }

    @Test
    void badPathsAndTtlsAreRejectedBeforeSending() throws Exception {
        connect("", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.getData("a", false));
        assertEquals("Path must start with / character", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> client.create("/t", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 0));
        assertEquals("ttl must be positive and cannot be larger than: 1099511627775", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> client.create("/t", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 10));
        assertEquals("ttl not valid for mode: PERSISTENT", e.getMessage());
        assertEquals(Code.INVALIDACL, failure(client.create("/t", null, List.<ACL>of(), CreateMode.PERSISTENT)).code());
        // Nothing was sent for any of these: the next request still gets xid 1.
        client.sync("/");
        assertArrayEquals(zk(header(1, 9), new org.apache.zookeeper.proto.SyncRequest("/")), peer.readRequest());
    }

    @Test
    void pingsAtAThirdOfTheNegotiatedTimeout() throws Exception {
        CompletableFuture<WardenClient> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return WardenClient.connect(server.connectString(), 30_000, events::add);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        peer = server.accept();
        peer.readFrame();
        long start = System.nanoTime();
        peer.handshake(SESSION, 3000, true);
        client = pending.get(10, TimeUnit.SECONDS);
        byte[] ping = peer.readFrame();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertArrayEquals(zk(header(-2, 11)), ping);
        // Due after a third of the timeout (1 s); what matters is that it comes well before the session would expire.
        assertTrue(waitedMs >= 900 && waitedMs < 2500, "first ping after " + waitedMs + " ms");
        peer.reply(-2, 0, 0, null);
        assertEquals(ClientState.CONNECTED, client.state());
    }

    @Test
    void addAuthUsesTheAuthXidAndAFailedAuthStopsTheClient() throws Exception {
        connect("", true);
        CompletableFuture<Void> good = client.addAuth("digest", "u:p".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(zk(header(-4, 100), new org.apache.zookeeper.proto.AuthPacket(0, "digest",
                "u:p".getBytes(StandardCharsets.UTF_8))), peer.readRequest());
        peer.reply(-4, 0, 0, null);
        good.get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> bad = client.addAuth("digest", "u:wrong".getBytes(StandardCharsets.UTF_8));
        peer.readRequest();
        peer.reply(-4, 0, Code.AUTHFAILED.intValue(), null);
        assertEquals(Code.AUTHFAILED, failure(bad).code());
        assertEvent(EventType.None, KeeperState.AuthFailed, null);
        assertEquals(ClientState.AUTH_FAILED, client.state());
        assertEquals(Code.AUTHFAILED, failure(client.exists("/", false)).code());
    }

    @Test
    void whoAmIHasNoBodyAndAnswersTheIdentities() throws Exception {
        connect("", true);
        CompletableFuture<List<ClientInfo>> f = client.whoAmI();
        assertArrayEquals(zk(header(1, 107)), peer.readRequest());
        peer.reply(1, 0, 0, new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1"))));
        assertEquals(List.of(new ClientInfo("ip", "127.0.0.1")), f.get(10, TimeUnit.SECONDS));
    }

    @Test
    void removeWatchesReportsTheRemovedWatchAndFailsWhenNoneIsHeld() throws Exception {
        connect("", true);
        CompletableFuture<DataResult> get = client.getData("/w", true);
        peer.readRequest();
        peer.reply(1, 2, 0, new GetDataResponse(new byte[0], STAT));
        get.get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> remove = client.removeWatches("/w", WatcherType.Data, false);
        assertArrayEquals(zk(header(2, 18), new org.apache.zookeeper.proto.RemoveWatchesRequest("/w", 2)), peer.readRequest());
        peer.reply(2, 2, 0, null);
        remove.get(10, TimeUnit.SECONDS);
        WatchedEvent e = assertEvent(EventType.DataWatchRemoved, KeeperState.SyncConnected, "/w");
        assertEquals(-1, e.zxid());

        CompletableFuture<Void> again = client.removeWatches("/w", WatcherType.Any, false);
        peer.readRequest();
        peer.reply(3, 2, Code.NOWATCHER.intValue(), null);
        assertEquals(Code.NOWATCHER, failure(again).code());
    }

    @Test
    void addWatchSendsTheModeNumber() throws Exception {
        connect("", true);
        CompletableFuture<Void> f = client.addWatch("/p", AddWatchMode.PERSISTENT_RECURSIVE);
        assertArrayEquals(zk(header(1, 106), new org.apache.zookeeper.proto.AddWatchRequest("/p", 1)), peer.readRequest());
        peer.reply(1, 0, 0, null);
        f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closeSendsCloseSessionThenReportsClosed() throws Exception {
        connect("", true);
        CompletableFuture<Void> closed = client.closeAsync();
        assertArrayEquals(zk(header(1, -11)), peer.readRequest());
        peer.reply(1, 0, 0, null);
        closed.get(10, TimeUnit.SECONDS);
        assertEvent(EventType.None, KeeperState.Closed, null);
        assertEquals(ClientState.CLOSED, client.state());
        assertTrue(peer.clientClosed());
        assertEquals(Code.CONNECTIONLOSS, failure(client.exists("/", false)).code());
    }

    @Test
    void connectionLossFailsPendingRequestsThenTheSessionIsResumedWithItsWatches() throws Exception {
        connect("", true);
        CompletableFuture<Stat> watched = client.exists("/w", true);
        peer.readRequest();
        peer.reply(1, 0x40, 0, new ExistsResponse(STAT));
        watched.get(10, TimeUnit.SECONDS);

        CompletableFuture<DataResult> inFlight = client.getData("/a", false);
        peer.readRequest();
        peer.close();
        assertEquals(Code.CONNECTIONLOSS, failure(inFlight).code());
        assertEvent(EventType.None, KeeperState.Disconnected, null);

        peer = server.accept();
        byte[] hello = peer.readFrame();
        assertArrayEquals(zk(new org.apache.zookeeper.proto.ConnectRequest(0, 0x40, 30_000, SESSION,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, false)), hello);
        peer.handshake(SESSION, 20_000, true);
        byte[] setWatches = peer.readRequest();
        JuteInput in = new JuteInput(setWatches);
        assertEquals(-8, in.readInt());
        assertEquals(105, in.readInt());
        assertEquals(new SetWatches2(0x40, List.of("/w"), List.of(), List.of(), List.of(), List.of()),
                SetWatches2.read(in));
        assertEvent(EventType.None, KeeperState.SyncConnected, null);
        assertEquals(ClientState.CONNECTED, client.state());

        CompletableFuture<Stat> after = client.exists("/w", false);
        assertArrayEquals(zk(header(3, 3), new org.apache.zookeeper.proto.ExistsRequest("/w", false)), peer.readRequest());
        peer.reply(3, 0x41, 0, new ExistsResponse(STAT));
        assertEquals(STAT, after.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSessionRefusedOnReconnectIsExpired() throws Exception {
        connect("", true);
        peer.close();
        assertEvent(EventType.None, KeeperState.Disconnected, null);
        peer = server.accept();
        peer.readFrame();
        peer.handshake(0, 0, true);
        assertEvent(EventType.None, KeeperState.Expired, null);
        assertEquals(ClientState.CLOSED, client.state());
        assertEquals(Code.SESSIONEXPIRED, failure(client.exists("/", false)).code());
    }

    @Test
    void connectFailsWhenNoServerListens() throws Exception {
        String cs = server.connectString();
        server.close();
        IOException e = assertThrows(IOException.class, () -> WardenClient.connect(cs, 30_000, events::add));
        assertTrue(e.getMessage().startsWith("Unable to connect to 127.0.0.1:"), e.getMessage());
        server = new FakeServer();
    }
}
