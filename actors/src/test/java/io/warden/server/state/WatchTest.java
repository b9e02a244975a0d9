package io.warden.server.state;

import static io.warden.api.data.EventType.NodeChildrenChanged;
import static io.warden.api.data.EventType.NodeCreated;
import static io.warden.api.data.EventType.NodeDataChanged;
import static io.warden.api.data.EventType.NodeDeleted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.ACL;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.data.WatcherType;
import io.warden.api.proto.AddWatchRequest;
import io.warden.api.proto.CheckWatchesRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.ErrorResponse;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.GetChildren2Request;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.RemoveWatchesRequest;
import io.warden.api.proto.SetWatches;
import io.warden.api.proto.SetWatches2;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchTest {
    static final long W = 0x10L;
    static final long V = 0x20L;
    static final long WRITER = 0x30L;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture();
        f.session(W);
        f.session(V);
        f.session(WRITER);
        f.create(WRITER, "/a", "a", CreateMode.PERSISTENT);
        f.create(WRITER, "/a/b");
    }

    static Notification ev(long s, EventType t, String p) {
        return Watches.event(s, t, p);
    }

    void getData(long s, String p) {
        f.read(s, OpCode.GET_DATA, new GetDataRequest(p, true));
    }

    void getChildren(long s, String p) {
        f.read(s, OpCode.GET_CHILDREN, new GetChildrenRequest(p, true));
    }

    void addWatch(long s, String p, AddWatchMode mode) {
        Served r = f.read(s, OpCode.ADD_WATCH, new AddWatchRequest(p, mode.mode()));
        assertEquals(new ErrorResponse(0), r.response());
    }

    @Test
    void dataWatchIsOneShot() {
        getData(W, "/a");
        assertEquals(List.of(ev(W, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "1", -1).notifications());
        assertEquals(List.of(), f.setData(WRITER, "/a", "2", -1).notifications());
        assertEquals(0, f.db.watchCount());
    }

    @Test
    void existsOnAMissingNodeStillWatches() {
        Served s = f.read(W, OpCode.EXISTS, new ExistsRequest("/new", true));
        assertEquals(Code.NONODE.intValue(), s.err());
        assertEquals(List.of(ev(W, NodeCreated, "/new")), f.create(WRITER, "/new").notifications());
    }

    @Test
    void failedGetDataDoesNotWatch() {
        assertEquals(Code.NONODE.intValue(), f.read(W, OpCode.GET_DATA, new GetDataRequest("/new", true)).err());
        assertEquals(List.of(), f.create(WRITER, "/new").notifications());
    }

    @Test
    void createFiresNodeCreatedThenParentChildrenChanged() {
        f.read(W, OpCode.EXISTS, new ExistsRequest("/a/c", true));
        getChildren(V, "/a");
        getChildren(W, "/a");
        assertEquals(List.of(ev(W, NodeCreated, "/a/c"), ev(W, NodeChildrenChanged, "/a"), ev(V, NodeChildrenChanged, "/a")),
                f.create(WRITER, "/a/c").notifications());
    }

    @Test
    void deleteTellsASessionOnceEvenWithDataAndChildWatches() {
        getData(W, "/a/b");
        getChildren(W, "/a/b");
        f.read(V, OpCode.GET_CHILDREN2, new GetChildren2Request("/a/b", true));
        getChildren(V, "/a");
        assertEquals(List.of(ev(W, NodeDeleted, "/a/b"), ev(V, NodeDeleted, "/a/b"), ev(V, NodeChildrenChanged, "/a")),
                f.delete(WRITER, "/a/b", -1).notifications());
        assertEquals(0, f.db.watchCount());
    }

    @Test
    void childWatchIgnoresDataChanges() {
        getChildren(W, "/a");
        assertEquals(List.of(), f.setData(WRITER, "/a", "x", -1).notifications());
        assertEquals(List.of(ev(W, NodeChildrenChanged, "/a")), f.delete(WRITER, "/a/b", -1).notifications());
    }

    @Test
    void persistentWatchSeesEveryEventOnItsPathAndStays() {
        addWatch(W, "/a", AddWatchMode.PERSISTENT);
        assertEquals(List.of(ev(W, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "1", -1).notifications());
        assertEquals(List.of(ev(W, NodeChildrenChanged, "/a")), f.create(WRITER, "/a/c").notifications());
        assertEquals(List.of(), f.setData(WRITER, "/a/c", "1", -1).notifications(), "not recursive");
        f.delete(WRITER, "/a/c", -1);
        f.delete(WRITER, "/a/b", -1);
        assertEquals(List.of(ev(W, NodeDeleted, "/a")), f.delete(WRITER, "/a", -1).notifications());
        assertEquals(List.of(ev(W, NodeCreated, "/a")), f.create(WRITER, "/a").notifications());
        assertEquals(2, f.db.watchCount(), "one entry in each table");
    }

    @Test
    void recursiveWatchSeesDescendantsButNoChildrenChanged() {
        addWatch(W, "/a", AddWatchMode.PERSISTENT_RECURSIVE);
        assertEquals(List.of(ev(W, NodeCreated, "/a/b/c")), f.create(WRITER, "/a/b/c").notifications());
        assertEquals(List.of(ev(W, NodeDataChanged, "/a/b/c")), f.setData(WRITER, "/a/b/c", "1", -1).notifications());
        assertEquals(List.of(ev(W, NodeDeleted, "/a/b/c")), f.delete(WRITER, "/a/b/c", -1).notifications());
        assertEquals(List.of(ev(W, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "1", -1).notifications());
        assertEquals(List.of(), f.create(WRITER, "/ab").notifications(), "a sibling with a common prefix");
        assertEquals(1, f.db.watchCount());
    }

    @Test
    void oneNotificationPerSessionAndEventEvenWithOverlappingWatches() {
        addWatch(W, "/", AddWatchMode.PERSISTENT_RECURSIVE);
        addWatch(W, "/a", AddWatchMode.PERSISTENT_RECURSIVE);
        getData(W, "/a/b");
        assertEquals(List.of(ev(W, NodeDataChanged, "/a/b")), f.setData(WRITER, "/a/b", "x", -1).notifications());
        // The standard watch was consumed by that trigger even though the recursive ones answered too.
        assertEquals(2, f.db.watchCount());
    }

    @Test
    void standardAndPersistentOnOnePath() {
        addWatch(W, "/a", AddWatchMode.PERSISTENT);
        getData(W, "/a");
        assertEquals(List.of(ev(W, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "1", -1).notifications());
        assertEquals(List.of(ev(W, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "2", -1).notifications());
        assertEquals(Code.NOWATCHER.intValue(),
                f.read(W, OpCode.CHECK_WATCHES, new CheckWatchesRequest("/a", WatcherType.Data.intValue())).err());
        assertEquals(0, f.read(W, OpCode.CHECK_WATCHES, new CheckWatchesRequest("/a", WatcherType.Persistent.intValue())).err());
    }

    @Test
    void eventsAreFilteredByTheWatchersReadPermission() {
        Id alice = new Id("digest", "alice:h");
        f.txn(WRITER, OpCode.CREATE, new io.warden.api.proto.CreateRequest("/secret", null,
                List.of(new ACL(Perms.ALL, alice)), 0), List.of(alice));
        f.read(W, OpCode.EXISTS, new ExistsRequest("/secret", true)); // refused: no watch
        assertEquals(0, f.db.watchCount());
        addWatch(W, "/", AddWatchMode.PERSISTENT_RECURSIVE);
        f.db.read(V, List.of(alice), OpCode.ADD_WATCH, new AddWatchRequest("/", 1));
        assertEquals(List.of(ev(V, NodeDataChanged, "/secret")),
                f.txn(WRITER, OpCode.SET_DATA, new io.warden.api.proto.SetDataRequest("/secret", null, -1), List.of(alice))
                        .notifications());
        // A session that authenticates later is told once its new identities reach this server.
        f.db.authChanged(W, List.of(alice));
        assertEquals(List.of(ev(W, NodeDataChanged, "/secret"), ev(V, NodeDataChanged, "/secret")),
                f.txn(WRITER, OpCode.SET_DATA, new io.warden.api.proto.SetDataRequest("/secret", null, -1), List.of(alice))
                        .notifications());
    }

    @Test
    void checkAndRemoveWatchesByType() {
        getData(W, "/a");
        getChildren(W, "/a");
        addWatch(W, "/a/b", AddWatchMode.PERSISTENT);
        addWatch(W, "/a/b", AddWatchMode.PERSISTENT_RECURSIVE);
        assertEquals(0, check("/a", WatcherType.Data));
        assertEquals(0, check("/a", WatcherType.Children));
        assertEquals(Code.NOWATCHER.intValue(), check("/a", WatcherType.Persistent));
        assertEquals(0, check("/a/b", WatcherType.Persistent));
        assertEquals(0, check("/a/b", WatcherType.PersistentRecursive));
        assertEquals(Code.NOWATCHER.intValue(), check("/zz", WatcherType.Any));
        assertEquals(Code.NOWATCHER.intValue(), f.read(V, OpCode.CHECK_WATCHES,
                new CheckWatchesRequest("/a", WatcherType.Any.intValue())).err(), "another session's watches");

        Served removed = remove("/a", WatcherType.Data);
        assertEquals(new Served(0, null, List.of()), removed, "ZooKeeper sends no event for a removal");
        assertEquals(Code.NOWATCHER.intValue(), remove("/a", WatcherType.Data).err());
        assertEquals(List.of(ev(W, NodeChildrenChanged, "/a")), f.create(WRITER, "/a/c").notifications());
        assertEquals(0, remove("/a/b", WatcherType.Persistent).err());
        assertEquals(0, check("/a/b", WatcherType.Any));
        assertEquals(0, remove("/a/b", WatcherType.Any).err());
        assertEquals(Code.NOWATCHER.intValue(), check("/a/b", WatcherType.Any));
        assertEquals(0, f.db.watchCount());
        assertEquals(Code.MARSHALLINGERROR.intValue(),
                f.read(W, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/a", 42)).err());
    }

    int check(String path, WatcherType t) {
        return f.read(W, OpCode.CHECK_WATCHES, new CheckWatchesRequest(path, t.intValue())).err();
    }

    Served remove(String path, WatcherType t) {
        return f.read(W, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest(path, t.intValue()));
    }

    @Test
    void setWatchesFiresWhatWasMissedAndReArmsTheRest() {
        f.create(WRITER, "/quiet");
        long seen = f.db.lastZxid();
        f.setData(WRITER, "/a", "changed", -1);
        f.create(WRITER, "/a/b/new");
        f.create(WRITER, "/born");
        Served s = f.read(W, OpCode.SET_WATCHES, new SetWatches(seen,
                List.of("/a", "/gone", "/a/b/new"),
                List.of("/born", "/unborn"),
                List.of("/a/b", "/gone2", "/quiet")));
        assertEquals(0, s.err());
        assertEquals(List.of(ev(W, NodeDataChanged, "/a"), ev(W, NodeDeleted, "/gone"),
                ev(W, NodeDataChanged, "/a/b/new"), ev(W, NodeCreated, "/born"),
                ev(W, NodeChildrenChanged, "/a/b"), ev(W, NodeDeleted, "/gone2")), s.notifications());
        // /a/b/new was created after relativeZxid, so its mzxid is newer: ZooKeeper reports a data change.
        assertEquals(List.of(ev(W, NodeCreated, "/unborn")), f.create(WRITER, "/unborn").notifications());
        assertEquals(List.of(ev(W, NodeChildrenChanged, "/quiet")), f.create(WRITER, "/quiet/x").notifications());
        assertEquals(0, f.db.watchCount());
    }

    @Test
    void setWatches2ReArmsPersistentWatches() {
        Served s = f.read(W, OpCode.SET_WATCHES2, new SetWatches2(f.db.lastZxid(), List.of("/a"), List.of(), List.of(),
                List.of("/a/b"), List.of("/a")));
        assertEquals(List.of(), s.notifications());
        assertEquals(List.of(ev(W, NodeCreated, "/a/b/c"), ev(W, NodeChildrenChanged, "/a/b")),
                f.create(WRITER, "/a/b/c").notifications());
        assertEquals(Map.of(W, Set.of("/a", "/a/b")), f.db.watchesBySession());
        assertEquals(Map.of("/a", Set.of(W), "/a/b", Set.of(W)), f.db.watchesByPath());
        assertEquals(2, f.db.watchedPathCount());
        // data: /a (standard + recursive), /a/b (persistent); child: /a/b (persistent).
        assertEquals(3, f.db.watchCount());
    }

    @Test
    void removeSessionWatchesForgetsThemAll() {
        getData(W, "/a");
        addWatch(W, "/", AddWatchMode.PERSISTENT_RECURSIVE);
        getData(V, "/a");
        f.db.removeSessionWatches(W);
        assertEquals(List.of(ev(V, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "x", -1).notifications());
        assertEquals(List.of(), f.create(WRITER, "/z").notifications());
    }

    @Test
    void invalidAddWatchMode() {
        assertEquals(Code.MARSHALLINGERROR.intValue(), f.read(W, OpCode.ADD_WATCH, new AddWatchRequest("/a", 7)).err());
    }

    @Test
    void ownChangesNotifyTheWriterToo() {
        getData(WRITER, "/a");
        assertEquals(List.of(ev(WRITER, NodeDataChanged, "/a")), f.setData(WRITER, "/a", "x", -1).notifications());
    }

    @Test
    void setAclFiresNothing() {
        getData(W, "/a");
        assertEquals(List.of(), f.setAcl(WRITER, "/a", Ids.READ_ACL_UNSAFE, -1, Fixture.NO_AUTH).notifications());
    }
}
