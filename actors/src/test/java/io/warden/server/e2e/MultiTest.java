package io.warden.server.e2e;

import static io.warden.server.e2e.Clients.bytes;
import static io.warden.server.e2e.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** multi and multiRead: all-or-nothing transactions, per-op results, and watches that fire only on commit. */
class MultiTest extends OneServer {
    @Test
    void multiAppliesAllOpsAndReportsEachResult() throws Exception {
        zk.create("/m", bytes("0"), OPEN, CreateMode.PERSISTENT);
        List<OpResult> results = zk.multi(List.of(
                Op.create("/m/a", bytes("a"), OPEN, CreateMode.PERSISTENT),
                Op.create("/m/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData("/m", bytes("1"), 0),
                Op.check("/m", 1),
                Op.delete("/m/a", 0)));
        assertEquals(5, results.size());
        assertEquals("/m/a", ((OpResult.CreateResult) results.get(0)).getPath());
        assertEquals("/m/s-0000000001", ((OpResult.CreateResult) results.get(1)).getPath());
        assertEquals(1, ((OpResult.SetDataResult) results.get(2)).getStat().getVersion());
        assertInstanceOf(OpResult.CheckResult.class, results.get(3));
        assertInstanceOf(OpResult.DeleteResult.class, results.get(4));
        assertEquals(List.of("s-0000000001"), zk.getChildren("/m", false));
        assertEquals("1", text(zk.getData("/m", false, null)));

        // The transaction builder is the same request.
        List<OpResult> tx = zk.transaction().create("/m/t", null, OPEN, CreateMode.PERSISTENT).check("/m", 1).commit();
        assertEquals(2, tx.size());
    }

    @Test
    void failedMultiChangesNothingAndReportsWhichOpFailed() throws Exception {
        zk.create("/mf", bytes("keep"), OPEN, CreateMode.PERSISTENT);
        Stat before = zk.exists("/mf", false);
        KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                Op.create("/mf/x", null, OPEN, CreateMode.PERSISTENT),
                Op.setData("/mf", bytes("changed"), -1),
                Op.check("/mf", 99),
                Op.create("/mf/y", null, OPEN, CreateMode.PERSISTENT))));
        assertEquals(KeeperException.Code.BADVERSION, e.code());
        List<OpResult> results = e.getResults();
        assertNotNull(results);
        assertEquals(List.of(0, 0, KeeperException.Code.BADVERSION.intValue(), KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()),
                results.stream().map(r -> ((OpResult.ErrorResult) r).getErr()).toList());
        assertNull(zk.exists("/mf/x", false));
        assertNull(zk.exists("/mf/y", false));
        assertEquals("keep", text(zk.getData("/mf", false, null)));
        assertEquals(before, zk.exists("/mf", false));

        // Ops see the effects of earlier ops in the same multi: creating a child of a node created just before works,
        // and a failure later undoes both.
        KeeperException nested = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                Op.create("/mf/p", null, OPEN, CreateMode.PERSISTENT),
                Op.create("/mf/p/q", null, OPEN, CreateMode.PERSISTENT),
                Op.delete("/mf/absent", -1))));
        assertEquals(KeeperException.Code.NONODE, nested.code());
        assertNull(zk.exists("/mf/p", false));
    }

    @Test
    void multiReadReturnsPerOpResultsWithoutFailingTheWhole() throws Exception {
        zk.create("/mr", bytes("root"), OPEN, CreateMode.PERSISTENT);
        zk.create("/mr/k", null, OPEN, CreateMode.PERSISTENT);
        List<OpResult> results = zk.multi(List.of(
                Op.getData("/mr"),
                Op.getChildren("/mr"),
                Op.getData("/mr-missing"),
                Op.getChildren("/mr/k")));
        assertEquals(4, results.size());
        OpResult.GetDataResult data = (OpResult.GetDataResult) results.get(0);
        assertEquals("root", text(data.getData()));
        assertEquals(1, data.getStat().getNumChildren());
        assertEquals(List.of("k"), ((OpResult.GetChildrenResult) results.get(1)).getChildren());
        assertEquals(KeeperException.Code.NONODE.intValue(), ((OpResult.ErrorResult) results.get(2)).getErr());
        assertEquals(List.of(), ((OpResult.GetChildrenResult) results.get(3)).getChildren());
    }

    @Test
    void checkOpAloneSucceedsOrFails() throws Exception {
        zk.create("/chk", null, OPEN, CreateMode.PERSISTENT);
        assertInstanceOf(OpResult.CheckResult.class, zk.multi(List.of(Op.check("/chk", 0))).get(0));
        KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(Op.check("/chk", 3))));
        assertEquals(KeeperException.Code.BADVERSION, e.code());
        KeeperException missing = assertThrows(KeeperException.class, () -> zk.multi(List.of(Op.check("/chk-missing", -1))));
        assertEquals(KeeperException.Code.NONODE, missing.code());
    }

    @Test
    void multiDeletesASubtreeBottomUpButNotTopDown() throws Exception {
        zk.create("/sub", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/sub/a", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/sub/a/b", null, OPEN, CreateMode.PERSISTENT);
        KeeperException topDown = assertThrows(KeeperException.class,
                () -> zk.multi(List.of(Op.delete("/sub/a", -1), Op.delete("/sub/a/b", -1))));
        assertEquals(KeeperException.Code.NOTEMPTY, topDown.code());
        assertNotNull(zk.exists("/sub/a/b", false));
        zk.multi(List.of(Op.delete("/sub/a/b", -1), Op.delete("/sub/a", -1), Op.delete("/sub", -1)));
        assertNull(zk.exists("/sub", false));
    }

    @Test
    void multiFiresWatchesOnlyWhenItCommits() throws Exception {
        zk.create("/mw1", null, OPEN, CreateMode.PERSISTENT);
        zk.create("/mw2", null, OPEN, CreateMode.PERSISTENT);
        try (ZooKeeper watcher = Clients.connect(server.connectString())) {
            Events w1 = new Events();
            Events w2 = new Events();
            Events created = new Events();
            watcher.getData("/mw1", w1, null);
            watcher.getData("/mw2", w2, null);
            assertNull(watcher.exists("/mw3", created));
            assertThrows(KeeperException.class, () -> zk.multi(List.of(
                    Op.setData("/mw1", bytes("x"), -1),
                    Op.create("/mw3", null, OPEN, CreateMode.PERSISTENT),
                    Op.setData("/mw2", bytes("x"), 42))));
            // A successful write after the failed multi: its event proves the failed multi's would have come first.
            Events sentinel = new Events();
            watcher.exists("/mw-sentinel", sentinel);
            zk.create("/mw-sentinel", null, OPEN, CreateMode.PERSISTENT);
            assertEquals(EventType.NodeCreated, sentinel.next().getType());
            Bounded.empty(w1.nodeEvents, "an event from a multi that failed");
            Bounded.empty(w2.nodeEvents, "an event from a multi that failed");
            Bounded.empty(created.nodeEvents, "an event from a multi that failed");

            zk.multi(List.of(
                    Op.setData("/mw1", bytes("y"), -1),
                    Op.create("/mw3", null, OPEN, CreateMode.PERSISTENT),
                    Op.setData("/mw2", bytes("y"), -1)));
            assertEquals(EventType.NodeDataChanged, w1.next().getType());
            assertEquals(EventType.NodeCreated, created.next().getType());
            assertEquals(EventType.NodeDataChanged, w2.next().getType());
        }
    }

    @Test
    void aLargeMultiCreatesEverything() throws Exception {
        zk.create("/bulk", null, OPEN, CreateMode.PERSISTENT);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ops.add(Op.create("/bulk/n" + i, bytes("v" + i), OPEN, CreateMode.PERSISTENT));
        }
        List<OpResult> results = zk.multi(ops);
        assertEquals(500, results.size());
        assertEquals(500, zk.getAllChildrenNumber("/bulk"));
        Stat stat = zk.exists("/bulk", false);
        assertEquals(500, stat.getCversion());
        // One transaction: every node has the same czxid.
        assertEquals(stat.getPzxid(), zk.exists("/bulk/n0", false).getCzxid());
        assertEquals(stat.getPzxid(), zk.exists("/bulk/n499", false).getCzxid());
    }

    @Test
    void ephemeralsCreatedInAMultiBelongToTheSession() throws Exception {
        try (ZooKeeper other = Clients.connect(server.connectString())) {
            other.multi(List.of(
                    Op.create("/m-eph", null, OPEN, CreateMode.EPHEMERAL),
                    Op.create("/m-eph-seq-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL)));
            assertEquals(other.getSessionId(), zk.exists("/m-eph", false).getEphemeralOwner());
            assertEquals(2, other.getEphemerals("/m-eph").size());
        }
        zk.sync("/");
        assertNull(zk.exists("/m-eph", false), "closing the session removed what its multi created");
    }
}
