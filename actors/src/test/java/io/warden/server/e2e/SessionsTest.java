package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Ids;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.RequestHeader;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Sessions: creation, timeout negotiation, expiry, reattaching, closing. tickTime 200 ms, so timeouts are 400..4000 ms. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsTest {
    private static final int TICK = 200;
    private static final int MIN_TIMEOUT = 2 * TICK;
    private static final int MAX_TIMEOUT = 20 * TICK;

    private WardenServer server;
    private ZooKeeper observer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0).withTickTime(TICK));
        observer = Clients.connect(server.connectString(), MAX_TIMEOUT, new Events());
    }

    @AfterAll
    void stop() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static int createEphemeral(RawClient raw, int xid, String path) throws IOException {
        raw.send(xid, OpCode.CREATE, new CreateRequest(path, bytes("raw"), Ids.OPEN_ACL_UNSAFE, 1));
        RawClient.Reply r = raw.reply();
        assertEquals(xid, r.header().xid());
        return r.header().err();
    }

    @Test
    void timeoutsAreClampedToMinAndMax() throws Exception {
        try (RawClient raw = RawClient.open(server.clientPort())) {
            assertEquals(MIN_TIMEOUT, raw.handshake(1).timeOut());
        }
        try (RawClient raw = RawClient.open(server.clientPort())) {
            assertEquals(MAX_TIMEOUT, raw.handshake(1_000_000).timeOut());
        }
        try (RawClient raw = RawClient.open(server.clientPort())) {
            ConnectResponse r = raw.handshake(1000);
            assertEquals(1000, r.timeOut());
            assertNotEquals(0, r.sessionId());
            assertEquals(16, r.passwd().length);
        }
        try (ZooKeeper zk = Clients.connect(server.connectString(), 60_000, new Events())) {
            assertEquals(MAX_TIMEOUT, zk.getSessionTimeout());
        }
    }

    @Test
    void aSilentSessionExpiresItsEphemeralsGoAndItsWatchersHear() throws Exception {
        observer.create("/exp", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (RawClient raw = RawClient.open(server.clientPort())) {
            ConnectResponse session = raw.handshake(MIN_TIMEOUT);
            assertEquals(0, createEphemeral(raw, 1, "/exp/silent"));
            Events nodeWatch = new Events();
            Events childWatch = new Events();
            assertEquals(session.sessionId(), observer.exists("/exp/silent", nodeWatch).getEphemeralOwner());
            assertEquals(List.of("silent"), observer.getChildren("/exp", childWatch));

            // No pings from here on.
            assertEquals(EventType.NodeDeleted, nodeWatch.next().getType());
            assertEquals(EventType.NodeChildrenChanged, childWatch.next().getType());
            assertNull(observer.exists("/exp/silent", false));
            assertTrue(raw.closedByServer(Bounded.WAIT), "the server closes the connection of an expired session");

            try (RawClient again = RawClient.open(server.clientPort())) {
                assertEquals(0, again.handshake(MIN_TIMEOUT, session.sessionId(), session.passwd()).timeOut(),
                        "an expired session cannot be resumed: timeout 0 in the answer");
            }
        }
    }

    @Test
    void pingsKeepASessionAliveForManyTimeouts() throws Exception {
        try (RawClient raw = RawClient.open(server.clientPort())) {
            int timeout = 1000;
            ConnectResponse session = raw.handshake(timeout);
            assertEquals(0, createEphemeral(raw, 1, "/pinged"));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3L * timeout);
            while (System.nanoTime() < end) {
                raw.send(-2, OpCode.PING, null);
                RawClient.Reply pong = raw.reply();
                assertEquals(-2, pong.header().xid());
                assertEquals(0, pong.header().err());
                // The client's ping pace (a third of the timeout, as ZooKeeper's client), not a synchronisation.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(timeout / 4));
            }
            assertEquals(session.sessionId(), observer.exists("/pinged", false).getEphemeralOwner());
        }
    }

    @Test
    void aSessionCanBeReattachedWithItsIdAndPassword() throws Exception {
        ConnectResponse session;
        try (RawClient raw = RawClient.open(server.clientPort())) {
            session = raw.handshake(MAX_TIMEOUT);
            assertEquals(0, createEphemeral(raw, 1, "/reattached"));
        }
        // The socket closed without closeSession: the session lives on until its timeout.
        Events events = new Events();
        try (ZooKeeper zk = new ZooKeeper(server.connectString(), MAX_TIMEOUT, events, session.sessionId(), session.passwd())) {
            events.awaitState(KeeperState.SyncConnected);
            assertEquals(session.sessionId(), zk.getSessionId());
            assertArrayEquals(session.passwd(), zk.getSessionPasswd());
            assertEquals(session.sessionId(), zk.exists("/reattached", false).getEphemeralOwner());
            assertEquals(List.of("/reattached"), zk.getEphemerals());
        }
        observer.sync("/");
        assertNull(observer.exists("/reattached", false), "closing the reattached client closed the session");
    }

    @Test
    void aWrongPasswordGetsSessionExpiredAndLeavesTheSessionAlone() throws Exception {
        try (ZooKeeper owner = Clients.connect(server.connectString(), MAX_TIMEOUT, new Events())) {
            owner.create("/owned", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            byte[] wrong = owner.getSessionPasswd().clone();
            wrong[0] ^= 0x5a;
            Events events = new Events();
            ZooKeeper thief = new ZooKeeper(server.connectString(), MAX_TIMEOUT, events, owner.getSessionId(), wrong);
            try {
                events.awaitState(KeeperState.Expired);
            } finally {
                thief.close();
            }
            // ZooKeeper drops the owner's current connection when another one claims the session (even with a wrong
            // password), so the owner may have to reconnect; its session, and so its ephemeral, must survive.
            Bounded.until("the owner's session still serves",
                    () -> owner.exists("/owned", false).getEphemeralOwner() == owner.getSessionId());
        }
    }

    @Test
    void closeSessionRemovesEphemeralsAtOnce() throws Exception {
        long sessionId;
        byte[] passwd;
        Events watch = new Events();
        ZooKeeper zk = Clients.connect(server.connectString(), MAX_TIMEOUT, new Events());
        try {
            zk.create("/bye", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            sessionId = zk.getSessionId();
            passwd = zk.getSessionPasswd();
            assertNotNull(observer.exists("/bye", watch));
        } finally {
            zk.close();
        }
        // close() returns after the server answered closeSession, well before the 4 s timeout could expire anything.
        observer.sync("/");
        assertNull(observer.exists("/bye", false));
        assertEquals(EventType.NodeDeleted, watch.next().getType());
        try (RawClient again = RawClient.open(server.clientPort())) {
            assertEquals(0, again.handshake(MAX_TIMEOUT, sessionId, passwd).timeOut());
        }
    }

    @Test
    void ephemeralsOfADroppedConnectionStayUntilTheTimeout() throws Exception {
        ConnectResponse session;
        Events watch = new Events();
        long closedAt;
        try (RawClient raw = RawClient.open(server.clientPort())) {
            session = raw.handshake(1000);
            assertEquals(0, createEphemeral(raw, 1, "/dropped"));
            assertNotNull(observer.exists("/dropped", watch));
            closedAt = System.nanoTime();
        }
        assertEquals(EventType.NodeDeleted, watch.next().getType());
        long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        // ZooKeeper expires on tick boundaries, so no earlier than the timeout minus a tick.
        assertTrue(afterMs >= 1000 - TICK, "session 0x" + Long.toHexString(session.sessionId()) + " expired after "
                + afterMs + " ms, before its 1000 ms timeout");
    }

    @Test
    void theOfficialClientLearnsItsSessionExpiredWhenItComesBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Events state = new Events();
            // Not the minimum: the client drops a connection silent for 2/3 of the timeout, and a loaded machine can
            // be that slow to answer a ping.
            ZooKeeper zk = Clients.connect(proxy.connectString(), 1000, state);
            try {
                assertEquals(1000, zk.getSessionTimeout());
                zk.create("/cut-off", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                Events watch = new Events();
                assertNotNull(observer.exists("/cut-off", watch));
                proxy.cutAndRefuse();
                state.awaitState(KeeperState.Disconnected);
                assertEquals(EventType.NodeDeleted, watch.next().getType());
                proxy.resume();
                state.awaitState(KeeperState.Expired);
            } finally {
                zk.close();
            }
        }
    }

    @Test
    void aClientThatHasSeenALaterZxidIsRefused() throws Exception {
        try (RawClient raw = RawClient.open(server.clientPort())) {
            byte[] answer = raw.rawHandshake(new ConnectRequest(0, Long.MAX_VALUE / 2, 10_000, 0, new byte[16]), true);
            assertNull(answer, "ZooKeeper closes the connection of a client ahead of it, without an answer");
        }
    }

    @Test
    void aClientWithoutTheReadOnlyFlagGetsAnAnswerWithoutOne() throws Exception {
        try (RawClient raw = RawClient.open(server.clientPort())) {
            byte[] answer = raw.rawHandshake(new ConnectRequest(0, 0, 10_000, 0, new byte[16]), false);
            assertNotNull(answer);
            // protocolVersion, timeOut, sessionId, passwd (length + 16 bytes): no trailing read-only flag for old clients.
            assertEquals(4 + 4 + 8 + 4 + 16, answer.length);
        }
        try (RawClient raw = RawClient.open(server.clientPort())) {
            byte[] answer = raw.rawHandshake(new ConnectRequest(0, 0, 10_000, 0, new byte[16]), true);
            assertEquals(4 + 4 + 8 + 4 + 16 + 1, answer.length, "a current client gets the read-only flag");
            assertEquals(0, answer[answer.length - 1], "this server is read-write");
        }
    }

    /**
     * Some clients (not the Java one) send requests right behind the ConnectRequest without waiting for its answer.
     * ZooKeeper stops reading until the session is set up, then serves them.
     */
    @Test
    void requestsPipelinedBehindTheHandshakeAreServedAfterIt() throws Exception {
        try (RawClient raw = RawClient.open(server.clientPort())) {
            JuteOutput connect = new JuteOutput();
            new ConnectRequest(0, 0, 10_000, 0, new byte[16]).write(connect);
            connect.writeBool(false);
            JuteOutput request = new JuteOutput();
            new RequestHeader(1, OpCode.EXISTS).write(request);
            new ExistsRequest("/", false).write(request);
            JuteOutput both = new JuteOutput();
            both.writeInt(connect.size()).writeRaw(connect.toByteArray(), 0, connect.size());
            both.writeInt(request.size()).writeRaw(request.toByteArray(), 0, request.size());
            raw.sendBytes(both.toByteArray());

            byte[] handshake = raw.readFrame();
            assertNotNull(handshake, "the handshake is answered");
            assertNotEquals(0, ConnectResponse.read(new JuteInput(handshake)).sessionId());
            RawClient.Reply reply = raw.reply();
            assertEquals(1, reply.header().xid());
            assertEquals(0, reply.header().err());
        }
    }

    @Test
    void aClientThatAcceptsReadOnlyGetsAReadWriteSessionHere() throws Exception {
        Events events = new Events();
        try (ZooKeeper zk = new ZooKeeper(server.connectString(), MAX_TIMEOUT, events, true)) {
            events.awaitState(KeeperState.SyncConnected);
            zk.create("/rw", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertNotNull(zk.exists("/rw", false));
        }
    }
}
