package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Every request type on single nodes, driven through the official client's API against a running Warden server. */
class OpcodesTest extends OneServer {
    @Test
    void persistentAndEphemeralCreate() throws Exception {
        assertEquals("/c-persistent", zk.create("/c-persistent", bytes("p"), OPEN, CreateMode.PERSISTENT));
        assertEquals("/c-ephemeral", zk.create("/c-ephemeral", bytes("e"), OPEN, CreateMode.EPHEMERAL));
        assertEquals(0, zk.exists("/c-persistent", false).getEphemeralOwner());
        assertEquals(zk.getSessionId(), zk.exists("/c-ephemeral", false).getEphemeralOwner());

        assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create("/c-persistent", null, OPEN, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoNodeException.class,
                () -> zk.create("/c-missing-parent/child", null, OPEN, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoChildrenForEphemeralsException.class,
                () -> zk.create("/c-ephemeral/child", null, OPEN, CreateMode.PERSISTENT));
    }

    @Test
    void nullAndEmptyDataStayDistinct() throws Exception {
        zk.create("/c-null", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/c-empty", new byte[0], OPEN, CreateMode.PERSISTENT);
        assertNull(zk.getData("/c-null", false, null), "ZooKeeper stores and returns null data as null");
        assertArrayEquals(new byte[0], zk.getData("/c-empty", false, null));
        assertEquals(0, zk.exists("/c-null", false).getDataLength());
    }

    @Test
    void sequentialNamesUseTheParentsCversionWithTenDigits() throws Exception {
        zk.create("/seq", null, OPEN, CreateMode.PERSISTENT);
        assertEquals("/seq/n-0000000000", zk.create("/seq/n-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals("/seq/n-0000000001", zk.create("/seq/n-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL));
        zk.create("/seq/plain", null, OPEN, CreateMode.PERSISTENT);
        assertEquals("/seq/n-0000000003", zk.create("/seq/n-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
        zk.delete("/seq/plain", -1);
        // ZooKeeper numbers by the count of creates under the parent: a delete does not advance the counter...
        assertEquals("/seq/n-0000000004", zk.create("/seq/n-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
        // ...and an empty prefix gives a bare number.
        assertEquals("/seq/0000000005", zk.create("/seq/", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals(zk.getSessionId(), zk.exists("/seq/n-0000000001", false).getEphemeralOwner());
        // ...while the cversion a client sees counts creates and deletes: 6 creates + 1 delete.
        assertEquals(7, zk.exists("/seq", false).getCversion());
    }

    @Test
    void create2FillsTheStatOfTheNewNode() throws Exception {
        Stat stat = new Stat();
        String name = zk.create("/c2", bytes("four"), OPEN, CreateMode.PERSISTENT, stat);
        assertEquals("/c2", name);
        assertTrue(stat.getCzxid() > 0);
        assertEquals(stat.getCzxid(), stat.getMzxid());
        assertEquals(stat.getCzxid(), stat.getPzxid());
        assertEquals(0, stat.getVersion());
        assertEquals(0, stat.getCversion());
        assertEquals(0, stat.getAversion());
        assertEquals(4, stat.getDataLength());
        assertEquals(0, stat.getNumChildren());
        assertEquals(0, stat.getEphemeralOwner());
        assertEquals(stat.getCtime(), stat.getMtime());
        assertEquals(stat, zk.exists("/c2", false));
    }

    @Test
    void deleteChecksVersionAndChildren() throws Exception {
        zk.create("/del", null, OPEN, CreateMode.PERSISTENT);
        zk.setData("/del", bytes("1"), 0);
        zk.setData("/del", bytes("2"), 1);
        assertThrows(KeeperException.BadVersionException.class, () -> zk.delete("/del", 1));
        zk.create("/del/child", null, OPEN, CreateMode.PERSISTENT);
        assertThrows(KeeperException.NotEmptyException.class, () -> zk.delete("/del", 2));
        zk.delete("/del/child", 0);
        zk.delete("/del", 2);
        assertNull(zk.exists("/del", false));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.delete("/del", -1));
    }

    @Test
    void getAndSetDataWithVersions() throws Exception {
        assertNull(zk.exists("/data", false));
        zk.create("/data", bytes("v0"), OPEN, CreateMode.PERSISTENT);
        Stat read = new Stat();
        assertEquals("v0", text(zk.getData("/data", false, read)));
        assertEquals(0, read.getVersion());

        Stat written = zk.setData("/data", bytes("v1-longer"), 0);
        assertEquals(1, written.getVersion());
        assertEquals(9, written.getDataLength());
        assertTrue(written.getMzxid() > written.getCzxid());
        KeeperException.BadVersionException bad = assertThrows(KeeperException.BadVersionException.class,
                () -> zk.setData("/data", bytes("stale"), 0));
        assertEquals("/data", bad.getPath());
        assertEquals(2, zk.setData("/data", bytes("v2"), -1).getVersion());
        assertEquals("v2", text(zk.getData("/data", false, read)));
        assertEquals(2, read.getVersion());

        assertThrows(KeeperException.NoNodeException.class, () -> zk.getData("/data-missing", false, null));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.setData("/data-missing", null, -1));
    }

    @Test
    void getAndSetAclWithAversion() throws Exception {
        zk.create("/acl-ops", null, OPEN, CreateMode.PERSISTENT);
        Stat stat = new Stat();
        assertEquals(OPEN, zk.getACL("/acl-ops", stat));
        assertEquals(0, stat.getAversion());

        List<ACL> readOnlyPlusIp = Arrays.asList(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1")));
        Stat after = zk.setACL("/acl-ops", readOnlyPlusIp, 0);
        assertEquals(1, after.getAversion());
        assertEquals(0, after.getVersion(), "setACL leaves the data version alone");
        assertEquals(stat.getMzxid(), after.getMzxid(), "setACL does not change mzxid");
        assertThrows(KeeperException.BadVersionException.class, () -> zk.setACL("/acl-ops", OPEN, 0));
        assertEquals(readOnlyPlusIp, zk.getACL("/acl-ops", stat));
        assertEquals(1, stat.getAversion());
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getACL("/acl-missing", stat));
        assertThrows(KeeperException.InvalidACLException.class, () -> zk.setACL("/acl-ops", new ArrayList<>(), -1));
    }

    @Test
    void getChildrenAndGetChildren2() throws Exception {
        zk.create("/kids", null, OPEN, CreateMode.PERSISTENT);
        for (String c : List.of("a", "b", "c")) {
            zk.create("/kids/" + c, null, OPEN, CreateMode.PERSISTENT);
        }
        zk.create("/kids/a/grandchild", null, OPEN, CreateMode.PERSISTENT);
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(zk.getChildren("/kids", false)));
        Stat stat = new Stat();
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(zk.getChildren("/kids", false, stat)));
        assertEquals(3, stat.getNumChildren());
        assertEquals(3, stat.getCversion());
        assertEquals(List.of(), zk.getChildren("/kids/b", false));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getChildren("/kids-missing", false));
    }

    @Test
    void syncSucceedsSyncAndAsync() throws Exception {
        zk.sync("/");
        BlockingQueue<Object[]> done = new LinkedBlockingQueue<>();
        zk.sync("/", (rc, path, ctx) -> done.add(new Object[] {rc, path, ctx}), "ctx");
        Object[] r = Bounded.take(done, "sync callback");
        assertEquals(0, r[0]);
        assertEquals("/", r[1]);
        assertEquals("ctx", r[2]);
    }

    @Test
    void getEphemeralsListsOnlyThisSessionsEphemerals() throws Exception {
        zk.create("/eph", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/eph/a", null, OPEN, CreateMode.EPHEMERAL);
        zk.create("/eph/b", null, OPEN, CreateMode.EPHEMERAL);
        zk.create("/eph-other", null, OPEN, CreateMode.EPHEMERAL);
        try (ZooKeeper other = Clients.connect(server.connectString())) {
            other.create("/eph/theirs", null, OPEN, CreateMode.EPHEMERAL);
            // The prefix is a plain string prefix, not a subtree: "/eph" also matches "/eph-other".
            assertEquals(Set.of("/eph/a", "/eph/b", "/eph-other"), Set.copyOf(zk.getEphemerals("/eph")));
            assertEquals(Set.of("/eph/a"), Set.copyOf(zk.getEphemerals("/eph/a")));
            assertTrue(zk.getEphemerals().containsAll(List.of("/eph/a", "/eph/b", "/eph-other")));
            assertEquals(List.of("/eph/theirs"), other.getEphemerals());
        }
    }

    @Test
    void getAllChildrenNumberCountsAllDescendants() throws Exception {
        zk.create("/all", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/all/a", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/all/a/b", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/all/a/b/c", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/all/d", null, OPEN, CreateMode.PERSISTENT);
        assertEquals(4, zk.getAllChildrenNumber("/all"));
        assertEquals(0, zk.getAllChildrenNumber("/all/d"));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getAllChildrenNumber("/all-missing"));
    }

    @Test
    void whoAmIReportsTheIpAndThenTheDigestUser() throws Exception {
        try (ZooKeeper fresh = Clients.connect(server.connectString())) {
            List<ClientInfo> who = fresh.whoAmI();
            assertEquals(1, who.size(), who.toString());
            assertEquals("ip", who.get(0).getAuthScheme());
            assertEquals("127.0.0.1", who.get(0).getUser());

            fresh.addAuthInfo("digest", bytes("alice:secret"));
            List<ClientInfo> after = fresh.whoAmI();
            assertEquals(2, after.size(), after.toString());
            assertTrue(after.stream().anyMatch(i -> i.getAuthScheme().equals("digest") && i.getUser().equals("alice")),
                    "ZooKeeper names a digest identity by its user alone: " + after);
        }
    }

    @Test
    void reconfigIsRefusedWithAnErrorAndTheSessionCarriesOn() throws Exception {
        try (ZooKeeperAdmin admin = new ZooKeeperAdmin(server.connectString(), Clients.SESSION_TIMEOUT_MS, new Events())) {
            Bounded.until("admin client connected", () -> admin.getState().isConnected());
            long session = admin.getSessionId();
            assertThrows(KeeperException.ReconfigDisabledException.class,
                    () -> admin.reconfigure(List.of("server.2=127.0.0.1:2888:3888;2182"), null, null, -1, new Stat()));
            assertNotNull(admin.exists("/", false));
            assertEquals(session, admin.getSessionId());
        }
    }

    @Test
    void quotaAndSystemNodesExist() throws Exception {
        assertNotNull(zk.exists("/zookeeper", false));
        assertNotNull(zk.exists("/zookeeper/quota", false));
        assertTrue(zk.getChildren("/zookeeper", false).contains("quota"));
        assertTrue(zk.getChildren("/", false).contains("zookeeper"));
    }

    /**
     * The official client checks that replies come back in the order it sent the requests ("Xid out of order" drops
     * the connection otherwise), so a burst of pipelined reads and writes proves the server keeps each session FIFO.
     */
    @Test
    void pipelinedReadsAndWritesAreAnsweredInOrder() throws Exception {
        zk.create("/pipe", bytes("0"), OPEN, CreateMode.PERSISTENT);
        // More than globalOutstandingLimit (1000) in flight, so the server's read backpressure is exercised too.
        int n = 3000;
        BlockingQueue<String> order = new LinkedBlockingQueue<>();
        for (int i = 0; i < n; i++) {
            final int k = i;
            switch (i % 3) {
                case 0 -> zk.create("/pipe/c" + i, null, OPEN, CreateMode.PERSISTENT,
                        (rc, path, ctx, name) -> order.add(k + ":" + rc), null);
                case 1 -> zk.setData("/pipe", bytes(Integer.toString(i)), -1,
                        (rc, path, ctx, stat) -> order.add(k + ":" + rc), null);
                default -> zk.getData("/pipe", false, (rc, path, ctx, data, stat) ->
                        // Each read sees the write sent just before it.
                        order.add(k + ":" + rc + (text(data).equals(Integer.toString(k - 1)) ? "" : " stale " + text(data))), null);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i + ":0", Bounded.take(order, "reply " + i));
        }
        assertEquals(n / 3, zk.getChildren("/pipe", false).size());
    }

    @Test
    void aChrootedClientSeesOnlyItsSubtree() throws Exception {
        zk.create("/chroot", null, OPEN, CreateMode.PERSISTENT);
        Events events = new Events();
        try (ZooKeeper rooted = Clients.connect(server.connectString() + "/chroot", events)) {
            assertEquals("/x", rooted.create("/x", bytes("in"), OPEN, CreateMode.PERSISTENT));
            assertEquals("in", text(zk.getData("/chroot/x", false, null)));
            Events watch = new Events();
            rooted.getData("/x", watch, null);
            zk.setData("/chroot/x", bytes("changed"), -1);
            assertEquals("/x", watch.next().getPath());
            assertEquals(List.of("x"), rooted.getChildren("/", false));
            rooted.multi(List.of(Op.create("/y", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL)));
            // (The 3.9 client does not strip the chroot from multi results, so look from outside.)
            assertNotNull(zk.exists("/chroot/y0000000001", false));
        }
    }

    @Test
    void getConfigAnswersOnAStandaloneServer() throws Exception {
        // ZooKeeper keeps /zookeeper/config even standalone (empty, world-readable, not writable); Curator reads it.
        Stat stat = new Stat();
        byte[] config = zk.getConfig(false, stat);
        assertNotNull(config);
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setData("/zookeeper/config", bytes("x"), -1));
    }

    @Test
    void anySessionMayDeleteAnotherSessionsEphemeral() throws Exception {
        try (ZooKeeper other = Clients.connect(server.connectString())) {
            other.create("/theirs", null, OPEN, CreateMode.EPHEMERAL);
            zk.delete("/theirs", -1);
            assertNull(other.exists("/theirs", false));
            assertEquals(List.of(), other.getEphemerals());
        }
    }

    @Test
    void binaryDataAndUnicodePathsRoundTrip() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        String path = "/\u00fcn\u00ef-\u8def\u5f84-\u00e9t\u00e9";
        assertEquals(path, zk.create(path, all, OPEN, CreateMode.PERSISTENT));
        assertArrayEquals(all, zk.getData(path, false, null));
        assertTrue(zk.getChildren("/", false).contains(path.substring(1)));
        String seq = zk.create(path + "/\u00df-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        assertEquals(path + "/\u00df-0000000000", seq);
        assertEquals(List.of("\u00df-0000000000"), zk.getChildren(path, false));
    }

    @Test
    void sequentialNodesDirectlyUnderTheRoot() throws Exception {
        String name = zk.create("/", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        assertTrue(name.matches("/\\d{10}"), name);
        assertNotNull(zk.exists(name, false));
        zk.delete(name, -1);
    }

    /** The sequence number is the parent's create count; ZooKeeper does not skip past a name that is already taken. */
    @Test
    void aSequentialCreateCollidingWithAnExistingNameFails() throws Exception {
        zk.create("/collide", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/collide/x0000000001", null, OPEN, CreateMode.PERSISTENT);
        assertThrows(KeeperException.NodeExistsException.class,
                () -> zk.create("/collide/x", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals("/collide/y0000000001", zk.create("/collide/y", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
    }
}
