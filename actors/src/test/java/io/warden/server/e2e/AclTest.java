package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Access control as ZooKeeper enforces it: digest identities, ip addresses and world:anyone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AclTest {
    private static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    private WardenServer server;
    private ZooKeeper anonymous;
    private ZooKeeper alice;
    private ZooKeeper bob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = WardenServer.start(ServerConfig.standalone(dir).withClientPort(0));
        anonymous = Clients.connect(server.connectString());
        alice = Clients.connect(server.connectString());
        alice.addAuthInfo("digest", bytes("alice:secret"));
        bob = Clients.connect(server.connectString());
        bob.addAuthInfo("digest", bytes("bob:hunter2"));
    }

    @AfterAll
    void stop() throws Exception {
        for (ZooKeeper zk : new ZooKeeper[] {anonymous, alice, bob}) {
            if (zk != null) {
                zk.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void creatorAllBelongsToTheDigestIdentityAlone() throws Exception {
        alice.create("/d", bytes("private"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        String digest = DigestAuthenticationProvider.generateDigest("alice:secret");
        assertEquals(Arrays.asList(new ACL(Perms.ALL, new Id("digest", digest))), alice.getACL("/d", null));

        assertEquals("private", text(alice.getData("/d", false, null)));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getData("/d", false, null));
        assertThrows(KeeperException.NoAuthException.class, () -> bob.getData("/d", false, null));
        assertThrows(KeeperException.NoAuthException.class, () -> bob.setData("/d", bytes("mine"), -1));
        assertThrows(KeeperException.NoAuthException.class, () -> bob.create("/d/child", null, OPEN, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.setACL("/d", OPEN, -1));
        // ZooKeeper 3.9 checks READ for exists on a node that is there.
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.exists("/d", false));
        assertEquals(null, anonymous.exists("/d-not-there", false));

        try (ZooKeeper aliceAgain = Clients.connect(server.connectString())) {
            aliceAgain.addAuthInfo("digest", bytes("alice:secret"));
            aliceAgain.setData("/d", bytes("still mine"), 0);
            assertEquals("still mine", text(alice.getData("/d", false, null)));
        }
        try (ZooKeeper wrongPassword = Clients.connect(server.connectString())) {
            wrongPassword.addAuthInfo("digest", bytes("alice:guess"));
            assertThrows(KeeperException.NoAuthException.class, () -> wrongPassword.getData("/d", false, null));
        }
    }

    @Test
    void getAclHidesDigestsFromReadersWithoutAdmin() throws Exception {
        String digest = DigestAuthenticationProvider.generateDigest("alice:secret");
        List<ACL> acl = Arrays.asList(new ACL(Perms.ALL, new Id("digest", digest)),
                new ACL(Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        alice.create("/d-shared", null, acl, CreateMode.PERSISTENT);
        assertEquals(acl, alice.getACL("/d-shared", null));
        List<ACL> seen = anonymous.getACL("/d-shared", null);
        assertEquals(Arrays.asList(new ACL(Perms.ALL, new Id("digest", "alice:x")), new ACL(Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)),
                seen);
    }

    @Test
    void ipAclsMatchTheClientsAddress() throws Exception {
        anonymous.create("/ip-local", bytes("l"), Arrays.asList(new ACL(Perms.ALL, new Id("ip", "127.0.0.1"))), CreateMode.PERSISTENT);
        anonymous.create("/ip-cidr", bytes("c"), Arrays.asList(new ACL(Perms.READ, new Id("ip", "127.0.0.0/8"))), CreateMode.PERSISTENT);
        alice.create("/ip-other", bytes("o"), Arrays.asList(new ACL(Perms.ALL, new Id("ip", "10.1.2.3")),
                new ACL(Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("alice:secret")))),
                CreateMode.PERSISTENT);

        anonymous.setData("/ip-local", bytes("l2"), -1);
        assertEquals("l2", text(bob.getData("/ip-local", false, null)));
        assertEquals("c", text(anonymous.getData("/ip-cidr", false, null)));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.setData("/ip-cidr", null, -1));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getData("/ip-other", false, null));
        assertEquals("o", text(alice.getData("/ip-other", false, null)));
    }

    @Test
    void worldReadOnlyAllowsReadsOnly() throws Exception {
        anonymous.create("/ro", bytes("r"), ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals("r", text(anonymous.getData("/ro", false, null)));
        assertEquals(List.of(), bob.getChildren("/ro", false));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.setData("/ro", bytes("w"), -1));
        assertThrows(KeeperException.NoAuthException.class, () -> alice.create("/ro/child", null, OPEN, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.setACL("/ro", OPEN, -1));

        KeeperException inMulti = assertThrows(KeeperException.class, () -> anonymous.multi(List.of(
                Op.create("/ro-sibling", null, OPEN, CreateMode.PERSISTENT),
                Op.setData("/ro", bytes("w"), -1))));
        assertEquals(KeeperException.Code.NOAUTH, inMulti.code());
        assertEquals(KeeperException.Code.NOAUTH.intValue(), ((OpResult.ErrorResult) inMulti.getResults().get(1)).getErr());
        assertNull(anonymous.exists("/ro-sibling", false));

        // Deleting needs DELETE on the parent, which is open: the node's own ACL does not protect it.
        anonymous.delete("/ro", -1);
        assertNull(anonymous.exists("/ro", false));
    }

    @Test
    void invalidAclsAreRefused() throws Exception {
        assertThrows(KeeperException.InvalidACLException.class,
                () -> anonymous.create("/bad-acl", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT),
                "the auth scheme needs an authenticated identity, and an ip address is not one");
        assertThrows(KeeperException.InvalidACLException.class,
                () -> anonymous.create("/bad-acl", null, new ArrayList<>(), CreateMode.PERSISTENT));
        assertThrows(KeeperException.InvalidACLException.class, () -> anonymous.create("/bad-acl", null,
                Arrays.asList(new ACL(Perms.ALL, new Id("digest", "no-colon"))), CreateMode.PERSISTENT));
        assertThrows(KeeperException.InvalidACLException.class, () -> anonymous.create("/bad-acl", null,
                Arrays.asList(new ACL(Perms.ALL, new Id("ip", "not-an-address"))), CreateMode.PERSISTENT));
        assertThrows(KeeperException.InvalidACLException.class, () -> anonymous.create("/bad-acl", null,
                Arrays.asList(new ACL(Perms.ALL, new Id("nosuchscheme", "x"))), CreateMode.PERSISTENT));
        assertNull(anonymous.exists("/bad-acl", false));
    }

    @Test
    void unknownAuthSchemeFailsTheConnection() throws Exception {
        Events events = new Events();
        try (ZooKeeper zk = Clients.connect(server.connectString(), events)) {
            zk.addAuthInfo("nosuchscheme", bytes("whatever"));
            events.awaitState(KeeperState.AuthFailed);
            assertThrows(KeeperException.AuthFailedException.class, () -> zk.exists("/", false));
        }
        Clients.assertServes(server.connectString());
    }

    /** The client re-sends its credentials after a reconnect; the new connection must honour them as the old one did. */
    @Test
    void credentialsAreReplayedOnReconnect() throws Exception {
        alice.create("/d-reconnect", Clients.bytes("hers"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        try (TcpProxy proxy = new TcpProxy(server.clientPort())) {
            Events state = new Events();
            try (ZooKeeper zk = Clients.connect(proxy.connectString(), state)) {
                zk.addAuthInfo("digest", Clients.bytes("alice:secret"));
                assertEquals("hers", text(zk.getData("/d-reconnect", false, null)));
                long session = zk.getSessionId();
                proxy.cutAndRefuse();
                state.awaitState(KeeperState.Disconnected);
                proxy.resume();
                state.awaitState(KeeperState.SyncConnected);
                assertEquals(session, zk.getSessionId());
                assertEquals("hers", text(zk.getData("/d-reconnect", false, null)));
            }
        }
    }

    /** ZooKeeper 3.9 delivers a watch event only to sessions that may READ the node it is about. */
    @Test
    void watchEventsAreFilteredByReadPermission() throws Exception {
        anonymous.create("/tree", null, OPEN, CreateMode.PERSISTENT);
        Events events = new Events();
        anonymous.addWatch("/tree", events, AddWatchMode.PERSISTENT_RECURSIVE);
        alice.create("/tree/hidden", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        alice.create("/tree/visible", null, OPEN, CreateMode.PERSISTENT);
        alice.setData("/tree/hidden", Clients.bytes("secret"), -1);
        alice.setData("/tree/visible", Clients.bytes("public"), -1);
        alice.delete("/tree/hidden", -1);
        alice.delete("/tree/visible", -1);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WatchedEvent e = events.next();
            seen.add(e.getType() + " " + e.getPath());
        }
        assertEquals(List.of("NodeCreated /tree/visible", "NodeDataChanged /tree/visible", "NodeDeleted /tree/visible"),
                seen);
    }
}
