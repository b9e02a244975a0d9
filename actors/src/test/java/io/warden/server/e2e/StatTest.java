package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Stat fields after a known history, as ZooKeeper's programmer's guide defines them: czxid/ctime at creation,
 * mzxid/mtime/version on data changes, pzxid/cversion/numChildren on child changes, aversion on ACL changes.
 */
class StatTest extends OneServer {
    @Test
    void statFollowsAKnownHistory() throws Exception {
        long before = System.currentTimeMillis();
        Stat created = new Stat();
        zk.create("/h", bytes("abc"), OPEN, CreateMode.PERSISTENT, created);
        long after = System.currentTimeMillis();
        long z1 = created.getCzxid();
        assertEquals(z1, created.getMzxid());
        assertEquals(z1, created.getPzxid(), "a new node's pzxid is its czxid");
        assertEquals(0, created.getVersion());
        assertEquals(0, created.getCversion());
        assertEquals(0, created.getAversion());
        assertEquals(0, created.getNumChildren());
        assertEquals(3, created.getDataLength());
        assertEquals(0, created.getEphemeralOwner());
        assertEquals(created.getCtime(), created.getMtime());
        assertTrue(created.getCtime() >= before - 1000 && created.getCtime() <= after + 1000,
                "ctime is the wall-clock time of the create: " + created.getCtime());

        // Each write of this session gets the next zxid: nothing else writes meanwhile.
        Stat child = new Stat();
        zk.create("/h/c1", null, OPEN, CreateMode.PERSISTENT, child);
        long z2 = child.getCzxid();
        assertEquals(z1 + 1, z2);
        Stat h = zk.exists("/h", false);
        assertEquals(z1, h.getMzxid(), "a child change is not a data change");
        assertEquals(z2, h.getPzxid());
        assertEquals(1, h.getCversion());
        assertEquals(1, h.getNumChildren());
        assertEquals(0, h.getVersion());

        Stat eph = new Stat();
        zk.create("/h/e", bytes("x"), OPEN, CreateMode.EPHEMERAL, eph);
        long z3 = eph.getCzxid();
        assertEquals(z2 + 1, z3);
        assertEquals(zk.getSessionId(), eph.getEphemeralOwner());

        Stat set = zk.setData("/h", bytes("abcdef"), 0);
        long z4 = z3 + 1;
        assertEquals(z4, set.getMzxid());
        assertEquals(z1, set.getCzxid());
        assertEquals(z3, set.getPzxid());
        assertEquals(1, set.getVersion());
        assertEquals(6, set.getDataLength());
        assertEquals(2, set.getCversion());
        assertTrue(set.getMtime() >= set.getCtime());

        Stat acl = zk.setACL("/h", ZooDefs.Ids.OPEN_ACL_UNSAFE, 0);
        assertEquals(1, acl.getAversion());
        assertEquals(z4, acl.getMzxid(), "an ACL change is not a data change");
        assertEquals(1, acl.getVersion());

        zk.delete("/h/c1", 0);
        long z6 = z4 + 2;
        h = zk.exists("/h", false);
        assertEquals(z6, h.getPzxid());
        assertEquals(3, h.getCversion());
        assertEquals(1, h.getNumChildren());
        assertEquals(z4, h.getMzxid());

        zk.setData("/h/e", bytes("y"), -1);
        h = zk.exists("/h", false);
        assertEquals(z6, h.getPzxid(), "a child's data change leaves the parent alone");
        Stat viaGet = new Stat();
        zk.getData("/h", false, viaGet);
        assertEquals(h, viaGet);
        Stat viaChildren = new Stat();
        zk.getChildren("/h", false, viaChildren);
        assertEquals(h, viaChildren);
    }

    @Test
    void systemNodesExistAndCannotBeDeleted() throws Exception {
        Stat zookeeper = zk.exists("/zookeeper", false);
        assertNotNull(zookeeper);
        assertEquals(0, zookeeper.getEphemeralOwner());
        Stat quota = zk.exists("/zookeeper/quota", false);
        assertNotNull(quota);
        assertTrue(zk.getChildren("/zookeeper", false).contains("quota"));
        assertThrows(KeeperException.BadArgumentsException.class, () -> zk.delete("/zookeeper", -1));
        assertThrows(KeeperException.BadArgumentsException.class, () -> zk.delete("/zookeeper/quota", -1));
        assertThrows(KeeperException.BadArgumentsException.class, () -> zk.delete("/", -1));
    }

    @Test
    void ttlNodesAreRefusedWhileExtendedTypesAreOff() throws Exception {
        assertThrows(KeeperException.UnimplementedException.class,
                () -> zk.create("/ttl-off", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1000));
        assertEquals(null, zk.exists("/ttl-off", false));
        // Containers are not an extended type: they work either way.
        Stat c = new Stat();
        zk.create("/container-on", null, OPEN, CreateMode.CONTAINER, c);
        assertEquals(0, c.getEphemeralOwner(), "clients see 0, not the container mark");
    }
}
