package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Ids;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and hostile input: each case costs at most its own connection, and the server keeps serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final int BAD_ARGUMENTS = -8;
    private static final int NO_NODE = -101;
    private static final int UNIMPLEMENTED = -6;
    private static final int INVALID_ACL = -114;

    private WardenServer server;

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
    void stillServing() throws Exception {
        Clients.assertServes(server.connectString());
    }

    private RawClient raw() throws IOException {
        return RawClient.open(server.clientPort());
    }

    private static byte[] intBytes(int v) {
        return new JuteOutput().writeInt(v).toByteArray();
    }

    @Test
    void aLengthPrefixOverTheLimitClosesTheConnection() throws Exception {
        try (RawClient c = raw()) {
            c.sendBytes(intBytes(2 << 20));
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
        try (RawClient c = raw()) {
            c.sendBytes(intBytes(-5));
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
        try (RawClient c = raw()) {
            ConnectResponse session = c.handshake(10_000);
            assertNotEquals(0, session.sessionId());
            c.sendBytes(intBytes(Integer.MAX_VALUE - 1));
            assertTrue(c.closedByServer(Bounded.WAIT), "after the handshake as well");
        }
    }

    @Test
    void aTruncatedFrameThenCloseIsForgotten() throws Exception {
        try (RawClient c = raw()) {
            c.sendBytes(intBytes(100));
            c.sendBytes(new byte[10]);
            c.shutdownOutput();
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
    }

    @Test
    void garbageBytesCostOnlyTheirConnection() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        try (RawClient c = raw()) {
            c.sendBytes(garbage);
            c.shutdownOutput();
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
    }

    @Test
    void aGarbageHandshakeClosesTheConnection() throws Exception {
        // A ConnectRequest whose password claims a megabyte the frame does not hold.
        JuteOutput bad = new JuteOutput().writeInt(0).writeLong(0).writeInt(10_000).writeLong(0).writeInt(1_000_000)
                .writeInt(0);
        try (RawClient c = raw()) {
            c.sendFrame(bad.toByteArray());
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
        try (RawClient c = raw()) {
            c.sendFrame(new byte[] {1, 2, 3});
            assertTrue(c.closedByServer(Bounded.WAIT), "a handshake too short to hold a ConnectRequest");
        }
    }

    @Test
    void aRequestBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawClient c = raw()) {
            c.send(1, OpCode.GET_DATA, new GetDataRequest("/", false));
            assertTrue(c.closedByServer(Bounded.WAIT));
        }
    }

    /**
     * ZooKeeper's UnimplementedRequestProcessor answers an unknown opcode with UNIMPLEMENTED and then closes the
     * connection (not the session): the session can be resumed on a new connection.
     */
    @Test
    void anUnknownOpcodeIsAnsweredUnimplementedThenTheConnectionCloses() throws Exception {
        ConnectResponse session;
        try (RawClient c = raw()) {
            session = c.handshake(10_000);
            c.send(7, 999, null);
            RawClient.Reply r = c.reply();
            assertEquals(7, r.header().xid());
            assertEquals(UNIMPLEMENTED, r.header().err());
            assertTrue(c.closedByServer(Duration.ofSeconds(5)), "ZooKeeper closes the connection after an unknown opcode");
        }
        try (RawClient c = raw()) {
            ConnectResponse resumed = c.handshake(10_000, session.sessionId(), session.passwd());
            assertEquals(session.sessionId(), resumed.sessionId());
            assertTrue(resumed.timeOut() > 0, "the session outlived its connection");
            c.send(8, OpCode.EXISTS, new ExistsRequest("/", false));
            assertEquals(0, c.reply().header().err());
        }
    }

    @Test
    void aRequestOverJuteMaxbufferCostsTheConnectionNotTheSession() throws Exception {
        Events state = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString(), state)) {
            long session = zk.getSessionId();
            zk.create("/big", bytes("small"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/big-eph", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            byte[] almostMegabyte = new byte[1_000_000];
            zk.setData("/big", almostMegabyte, -1);
            assertEquals(almostMegabyte.length, zk.getData("/big", false, null).length);

            byte[] tooBig = new byte[(1 << 20) + 1];
            assertThrows(KeeperException.ConnectionLossException.class, () -> zk.setData("/big", tooBig, -1));
            state.awaitState(KeeperState.SyncConnected);
            assertEquals(session, zk.getSessionId());
            assertEquals(almostMegabyte.length, zk.exists("/big", false).getDataLength());
            assertEquals(session, zk.exists("/big-eph", false).getEphemeralOwner());
            zk.setData("/big", bytes("small again"), -1);
            assertEquals("small again", text(zk.getData("/big", false, null)));
        }
    }

    @Test
    void theClientRejectsMalformedPathsItself() throws Exception {
        try (ZooKeeper zk = Clients.connect(server.connectString())) {
            for (String p : List.of("/a//b", "/a/.", "/a/..", "/a/", "a", "", "/a\u0000b")) {
                assertThrows(IllegalArgumentException.class,
                        () -> zk.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), p);
                assertThrows(IllegalArgumentException.class, () -> zk.getData(p, false, null), p);
                assertThrows(IllegalArgumentException.class, () -> zk.setData(p, null, -1), p);
            }
        }
    }

    /**
     * Bypassing the client: ZooKeeper's PrepRequestProcessor answers BADARGUMENTS for a malformed path in a write, after
     * looking up the parent (so "/a//b", whose parent "/a/" cannot exist, is NONODE); reads are not validated and find
     * no node.
     */
    @Test
    void theServerRejectsMalformedPathsWithBadArguments() throws Exception {
        try (RawClient c = raw()) {
            c.handshake(10_000);
            int xid = 1;
            assertEquals(0, create(c, xid++, "/a"));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, "/a/."));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, "/a/.."));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, "/a/"));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, "a"));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, ""));
            assertEquals(BAD_ARGUMENTS, create(c, xid++, "/a\u0000b"));
            assertEquals(NO_NODE, create(c, xid++, "/a//b"));
            assertEquals(BAD_ARGUMENTS, call(c, xid++, OpCode.SET_DATA, new SetDataRequest("/a//b", new byte[0], -1)));
            assertEquals(BAD_ARGUMENTS, call(c, xid++, OpCode.SET_DATA, new SetDataRequest("/a/.", new byte[0], -1)));
            assertEquals(BAD_ARGUMENTS, call(c, xid++, OpCode.DELETE, new DeleteRequest("a", -1)));
            assertEquals(NO_NODE, call(c, xid++, OpCode.GET_DATA, new GetDataRequest("/a//b", false)));
            assertEquals(BAD_ARGUMENTS, call(c, xid++, OpCode.EXISTS, new ExistsRequest("/a\u0000b", false)));
            assertEquals(INVALID_ACL, call(c, xid++, OpCode.CREATE, new CreateRequest("/a/no-acl", new byte[0], List.of(), 0)));
            // The connection is still good for proper requests.
            assertEquals(0, call(c, xid++, OpCode.GET_DATA, new GetDataRequest("/a", false)));
            assertEquals(0, call(c, xid, OpCode.DELETE, new DeleteRequest("/a", -1)));
        }
    }

    private static int create(RawClient c, int xid, String path) throws IOException {
        return call(c, xid, OpCode.CREATE, new CreateRequest(path, new byte[0], Ids.OPEN_ACL_UNSAFE, 0));
    }

    private static int call(RawClient c, int xid, int type, io.warden.api.jute.JuteRecord body) throws IOException {
        c.send(xid, type, body);
        RawClient.Reply r = c.reply();
        assertEquals(xid, r.header().xid());
        return r.header().err();
    }
}
