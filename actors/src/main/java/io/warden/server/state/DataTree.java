package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.EventType;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.data.StatPersisted;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The znodes and their indexes (ephemerals per session, containers, TTL nodes) with a running digest.
 * Mutations here are unconditional: callers have validated them. Each mutation records watch triggers and,
 * while a journal is open (a multi), how to undo itself.
 */
final class DataTree {
    private final boolean extended;
    /** Concurrent so that a snapshot image may read it on another thread (see TreeImage). */
    private final Map<String, Znode> nodes;
    private final AclInterner acls = new AclInterner();
    private final Map<Long, NavigableSet<String>> ephemerals = new TreeMap<>();
    private final NavigableSet<String> containers = new TreeSet<>();
    private final NavigableSet<String> ttls = new TreeSet<>();
    private final List<PendingEvent> events = new ArrayList<>();
    private Deque<Runnable> journal;
    private TreeImage image;
    private long nodesDigest;
    private long dataSize;

    DataTree(boolean extendedTypesEnabled) {
        this(extendedTypesEnabled, 16);
    }

    /**
     * @param expectedNodes how many nodes the tree is about to get (a snapshot says): sized for them at once, the map
     *                      does not grow through every power of two on the way, re-hashing all it holds each time
     */
    DataTree(boolean extendedTypesEnabled, int expectedNodes) {
        this.extended = extendedTypesEnabled;
        this.nodes = new ConcurrentHashMap<>(Math.max(16, expectedNodes));
    }

    /** The tree of a fresh ZooKeeper 3.9: /, /zookeeper, /zookeeper/quota, /zookeeper/config. */
    static DataTree initial(boolean extendedTypesEnabled) {
        DataTree t = new DataTree(extendedTypesEnabled);
        StatPersisted zero = new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0);
        t.load(Paths.ROOT, new byte[0], Ids.OPEN_ACL_UNSAFE, zero);
        t.load(Paths.PROC, new byte[0], Ids.OPEN_ACL_UNSAFE, zero);
        t.load(Paths.QUOTA, new byte[0], Ids.OPEN_ACL_UNSAFE, zero);
        // ZooKeeper gives the config node a read-only ACL through setACL(..., version -1), hence aversion -1.
        t.load(Paths.CONFIG, new byte[0], List.of(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)),
                new StatPersisted(0, 0, 0, 0, 0, 0, -1, 0, 0));
        return t;
    }

    boolean extendedTypesEnabled() {
        return extended;
    }

    /** The node at a path; "" is the root's alias, as in ZooKeeper (the parent of "/a"). */
    Znode get(String path) {
        if (path == null) {
            return null;
        }
        return nodes.get(path.isEmpty() ? Paths.ROOT : path);
    }

    EphemeralKind kind(Znode n) {
        return EphemeralKind.of(n.ephemeralOwner, extended);
    }

    /** Adds a node read from a snapshot or the initial tree; parents come first. */
    void load(String path, byte[] data, List<ACL> acl, StatPersisted stat) {
        Znode n = new Znode(path, data, acls.intern(acl), stat);
        if (!path.equals(Paths.ROOT)) {
            Znode parent = get(Paths.parentOf(path));
            if (parent == null) {
                throw new IllegalStateException("parent of " + path + " is missing");
            }
            parent.addChild(Paths.childName(path));
        }
        if (nodes.containsKey(path)) {
            throw new IllegalStateException("duplicate node " + path);
        }
        insert(path, n);
    }

    Znode create(String path, byte[] data, List<ACL> acl, long owner, long zxid, long time) {
        String parentPath = Paths.parentOf(path);
        String name = Paths.childName(path);
        Znode parent = get(parentPath);
        int oldCversion = parent.cversion;
        long oldPzxid = parent.pzxid;
        Znode n = Znode.created(path, data, acls.intern(acl), owner, zxid, time);
        Znode newParent = replace(parentPath, parent, parent.withChildStats(parentPath, oldCversion + 1, zxid));
        newParent.addChild(name);
        insert(path, n);
        undo(() -> {
            remove(path);
            Znode p = get(parentPath);
            p.removeChild(name);
            replace(parentPath, p, p.withChildStats(parentPath, oldCversion, oldPzxid));
        });
        events.add(new PendingEvent(EventType.NodeCreated, path, acl));
        events.add(new PendingEvent(EventType.NodeChildrenChanged, parentPath, newParent.acl));
        return n;
    }

    void delete(String path, long zxid) {
        String parentPath = Paths.parentOf(path);
        String name = Paths.childName(path);
        Znode parent = get(parentPath);
        long oldPzxid = parent.pzxid;
        Znode n = remove(path);
        // ZooKeeper never moves pzxid backwards (it matters when replaying over a fuzzy snapshot).
        Znode newParent = replace(parentPath, parent, parent.withChildStats(parentPath, parent.cversion, Math.max(zxid, oldPzxid)));
        newParent.removeChild(name);
        undo(() -> {
            insert(path, n);
            Znode p = get(parentPath);
            p.addChild(name);
            replace(parentPath, p, p.withChildStats(parentPath, p.cversion, oldPzxid));
        });
        events.add(new PendingEvent(EventType.NodeDeleted, path, n.acl));
        events.add(new PendingEvent(EventType.NodeChildrenChanged, parentPath, newParent.acl));
    }

    Znode setData(String path, byte[] data, int version, long zxid, long time) {
        Znode old = get(path);
        Znode n = replace(path, old, old.withData(path, data, version, time, zxid));
        undo(() -> {
            Znode current = get(path);
            replace(path, current, current.withData(path, old.data, old.version, old.mtime, old.mzxid));
        });
        events.add(new PendingEvent(EventType.NodeDataChanged, path, n.acl));
        return n;
    }

    Znode setAcl(String path, List<ACL> acl, int aversion) {
        Znode old = get(path);
        // setACL runs only outside a multi, so it needs no undo.
        return replace(path, old, old.withAcl(path, acls.intern(acl), aversion));
    }

    // ---- the only ways the node map changes: each tells an image in progress first -------------------------

    private void insert(String path, Znode n) {
        if (image != null) {
            image.beforeChange(path, null);
        }
        nodes.put(path, n);
        index(path, n);
        nodesDigest += n.digest;
        dataSize += size(path, n.data);
    }

    private Znode remove(String path) {
        Znode n = nodes.get(path);
        if (image != null) {
            image.beforeChange(path, n);
        }
        nodes.remove(path);
        unindex(path, n);
        nodesDigest -= n.digest;
        dataSize -= size(path, n.data);
        return n;
    }

    /** Puts {@code next} in place of {@code current}, the version at {@code path}; its index entries stay. */
    private Znode replace(String path, Znode current, Znode next) {
        if (image != null) {
            image.beforeChange(path, current);
        }
        nodes.put(path, next);
        nodesDigest += next.digest - current.digest;
        dataSize += size(path, next.data) - size(path, current.data);
        return next;
    }

    // ---- snapshot images -----------------------------------------------------------------------------------

    /** The nodes as they are now, kept so while writes go on until {@link #release}; one image at a time. */
    TreeImage capture() {
        if (image != null) {
            throw new IllegalStateException("an image of this tree is still being written");
        }
        image = new TreeImage(nodes);
        return image;
    }

    /** The image is written: changes need no longer keep what it holds. */
    void release(TreeImage done) {
        if (image == done) {
            image = null;
        }
    }

    private void index(String path, Znode n) {
        switch (kind(n)) {
            case CONTAINER -> containers.add(path);
            case TTL -> ttls.add(path);
            case NORMAL -> ephemerals.computeIfAbsent(n.ephemeralOwner, k -> new TreeSet<>()).add(path);
            case VOID -> {
            }
        }
    }

    private void unindex(String path, Znode n) {
        switch (kind(n)) {
            case CONTAINER -> containers.remove(path);
            case TTL -> ttls.remove(path);
            case NORMAL -> {
                NavigableSet<String> set = ephemerals.get(n.ephemeralOwner);
                if (set != null) {
                    set.remove(path);
                    if (set.isEmpty()) {
                        ephemerals.remove(n.ephemeralOwner);
                    }
                }
            }
            case VOID -> {
            }
        }
    }

    private static long size(String path, byte[] data) {
        return path.length() + (data == null ? 0 : data.length);
    }

    private void undo(Runnable r) {
        if (journal != null) {
            journal.push(r);
        }
    }

    // ---- multi support -------------------------------------------------------------------------------

    /** Opens a journal; returns the event mark to roll back to. */
    int begin() {
        journal = new ArrayDeque<>();
        return events.size();
    }

    void commit() {
        journal = null;
    }

    void rollback(int eventMark) {
        Deque<Runnable> j = journal;
        journal = null;
        while (!j.isEmpty()) {
            j.pop().run();
        }
        events.subList(eventMark, events.size()).clear();
    }

    List<PendingEvent> drainEvents() {
        List<PendingEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    // ---- queries -------------------------------------------------------------------------------------

    long nodesDigest() {
        return nodesDigest;
    }

    /** Nodes as ZooKeeper counts them: its map holds the root twice (as "" and "/"). */
    int nodeCount() {
        return nodes.size() + 1;
    }

    /** Sum of path lengths and data lengths, with the root's "" alias counted as ZooKeeper does. */
    long approximateDataSize() {
        return dataSize + get(Paths.ROOT).dataLength();
    }

    int ephemeralCount() {
        int n = 0;
        for (NavigableSet<String> s : ephemerals.values()) {
            n += s.size();
        }
        return n;
    }

    NavigableSet<String> ephemerals(long sessionId) {
        NavigableSet<String> s = ephemerals.get(sessionId);
        return s == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(s);
    }

    Map<Long, NavigableSet<String>> allEphemerals() {
        return Collections.unmodifiableMap(ephemerals);
    }

    NavigableSet<String> containers() {
        return Collections.unmodifiableNavigableSet(containers);
    }

    NavigableSet<String> ttls() {
        return Collections.unmodifiableNavigableSet(ttls);
    }

    /** Number of descendants (getAllChildrenNumber). */
    int descendants(String path) {
        if (Paths.ROOT.equals(path)) {
            return nodes.size() - 1;
        }
        String prefix = path + "/";
        int count = 0;
        for (String p : nodes.keySet()) {
            if (p.startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    /** Pre-order walk with sorted children: the snapshot order. Iterative, as trees may be deep. */
    void walk(NodeVisitor v) {
        Deque<String> stack = new ArrayDeque<>();
        stack.push(Paths.ROOT);
        while (!stack.isEmpty()) {
            String path = stack.pop();
            Znode n = nodes.get(path);
            v.visit(path, n);
            String prefix = Paths.ROOT.equals(path) ? "/" : path + "/";
            for (String child : n.children().descendingSet()) {
                stack.push(prefix + child);
            }
        }
    }

    interface NodeVisitor {
        void visit(String path, Znode node);
    }
}
