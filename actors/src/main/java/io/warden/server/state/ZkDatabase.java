package io.warden.server.state;

import io.warden.api.jute.JuteRecord;
import io.warden.api.data.Id;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replicated state machine: ZooKeeper's data tree, its sessions and (local to this server) the watches
 * of the sessions connected here. Deterministic: the outcome of every txn depends only on the txns applied
 * before it. Not thread-safe: one actor owns it.
 */
public final class ZkDatabase {
    private final StateOptions options;
    private final DataTree tree;
    private final Map<Long, Integer> sessions;
    private final Watches watches = new Watches();
    private final Writes writes;
    private final Reads reads;
    private long lastZxid;
    /** Whether apply reports each txn's node changes (someone subscribed to them): costs nothing while off. */
    private boolean trackChanges;

    public ZkDatabase(StateOptions options) {
        this(options, DataTree.initial(options.extendedTypesEnabled()), new TreeMap<>(), 0);
    }

    private ZkDatabase(StateOptions options, DataTree tree, Map<Long, Integer> sessions, long lastZxid) {
        this.options = options;
        this.tree = tree;
        this.sessions = sessions;
        this.lastZxid = lastZxid;
        this.writes = new Writes(tree, sessions);
        this.reads = new Reads(tree, watches);
    }

    public StateOptions options() {
        return options;
    }

    public long lastZxid() {
        return lastZxid;
    }

    /**
     * Applies the next committed txn. A txn that fails changes nothing but still advances lastZxid.
     *
     * @throws IllegalArgumentException if the txn's zxid is not above lastZxid (nothing is applied)
     */
    public Applied apply(Txn txn) {
        if (txn.zxid() <= lastZxid) {
            throw new IllegalArgumentException("txn zxid 0x" + Long.toHexString(txn.zxid())
                    + " is not after lastZxid 0x" + Long.toHexString(lastZxid));
        }
        int err = 0;
        JuteRecord response = null;
        List<Long> closed = List.of();
        List<String> closedEphemerals = List.of();
        try {
            switch (txn.type()) {
                case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> {
                    CreateRequest r = Writes.body(txn, CreateRequest.class);
                    response = writes.create(txn, txn.type(), r.path(), r.data(), r.acl(), r.flags(), -1);
                }
                case OpCode.CREATE_TTL -> {
                    CreateTTLRequest r = Writes.body(txn, CreateTTLRequest.class);
                    response = writes.create(txn, txn.type(), r.path(), r.data(), r.acl(), r.flags(), r.ttl());
                }
                case OpCode.DELETE -> writes.delete(txn, Writes.body(txn, DeleteRequest.class));
                case OpCode.DELETE_CONTAINER -> writes.deleteContainer(txn, Writes.body(txn, DeleteRequest.class));
                case OpCode.SET_DATA -> response = writes.setData(txn, Writes.body(txn, SetDataRequest.class));
                case OpCode.SET_ACL -> response = writes.setAcl(txn, Writes.body(txn, SetACLRequest.class));
                case OpCode.CHECK -> writes.check(txn, Writes.body(txn, CheckVersionRequest.class));
                case OpCode.MULTI -> response = writes.multi(txn, Writes.body(txn, MultiRequest.class));
                case OpCode.CREATE_SESSION ->
                        sessions.put(txn.sessionId(), Writes.body(txn, CreateSessionTxn.class).timeOut());
                case OpCode.CLOSE_SESSION -> {
                    if (trackChanges) {
                        closedEphemerals = List.copyOf(tree.ephemerals(txn.sessionId()));
                    }
                    closeSession(txn);
                    closed = List.of(txn.sessionId());
                }
                default -> throw new StateException(Code.UNIMPLEMENTED);
            }
        } catch (StateException e) {
            err = e.code().intValue();
            response = null;
        }
        lastZxid = txn.zxid();
        if (txn.auth() != null) {
            watches.noteAuth(txn.sessionId(), txn.auth());
        }
        List<PendingEvent> events = tree.drainEvents();
        List<Notification> notifications = watches.fire(events);
        if (txn.type() == OpCode.CLOSE_SESSION) {
            watches.removeSession(txn.sessionId());
        }
        return new Applied(txn.zxid(), txn.sessionId(), txn.cxid(), txn.type(), err, response, notifications, closed,
                trackChanges ? changes(events) : List.of(), closedEphemerals);
    }

    private static List<TreeChange> changes(List<PendingEvent> events) {
        List<TreeChange> out = new ArrayList<>(events.size() / 2 + 1);
        for (PendingEvent e : events) {
            switch (e.type()) {
                case NodeCreated, NodeDataChanged, NodeDeleted -> out.add(new TreeChange(e.type(), e.path()));
                default -> { }
            }
        }
        return out;
    }

    /** From now on (or no longer), {@link Applied#changes()} and {@link Applied#closedEphemerals()} are filled in. */
    public void trackChanges(boolean on) {
        trackChanges = on;
    }

    /** The node at {@code path} as a client reads it, or null. */
    public NodeView view(String path) {
        Znode n = tree.get(path);
        return n == null ? null : new NodeView(n.data, n.stat(tree.extendedTypesEnabled()));
    }

    /** The node at {@code path} and all its descendants, by path; empty if there is no such node. */
    public NavigableMap<String, NodeView> subtree(String path) {
        NavigableMap<String, NodeView> out = new TreeMap<>();
        ArrayDeque<String> stack = new ArrayDeque<>();
        if (tree.get(path) != null) {
            stack.push(path);
        }
        while (!stack.isEmpty()) {
            String p = stack.pop();
            Znode n = tree.get(p);
            out.put(p, new NodeView(n.data, n.stat(tree.extendedTypesEnabled())));
            String prefix = Paths.ROOT.equals(p) ? "/" : p + "/";
            for (String child : n.children()) {
                stack.push(prefix + child);
            }
        }
        return out;
    }

    /** Deletes the session's ephemerals (each firing its watches) and forgets the session. */
    private void closeSession(Txn txn) {
        for (String path : new ArrayList<>(tree.ephemerals(txn.sessionId()))) {
            tree.delete(path, txn.zxid());
        }
        sessions.remove(txn.sessionId());
    }

    /**
     * Serves a read-side request (exists, getData, getACL, getChildren, getChildren2, getAllChildrenNumber,
     * getEphemerals, multiRead, checkWatches, removeWatches, addWatch, setWatches, setWatches2) from this
     * replica's tree, registering the session's watches here.
     */
    public Served read(long sessionId, List<Id> auth, int opcode, Object request) {
        Served s = reads.serve(sessionId, auth, opcode, request);
        watches.noteAuth(sessionId, auth == null ? List.of() : auth);
        return s;
    }

    /**
     * The session's identities changed (addauth). Watch events are delivered only to sessions that may READ
     * the node, judged with the latest identities seen here (reads and writes also bring them).
     */
    public void authChanged(long sessionId, List<Id> auth) {
        watches.noteAuth(sessionId, auth == null ? List.of() : auth);
    }

    /** The session's connection left this server for good: its watches here go. */
    public void removeSessionWatches(long sessionId) {
        watches.removeSession(sessionId);
    }

    /** Live sessions: id to negotiated timeout (ms), in id order. */
    public Map<Long, Integer> sessions() {
        return Collections.unmodifiableMap(new TreeMap<>(sessions));
    }

    public boolean hasSession(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /**
     * Paths the leader should remove with DELETE_CONTAINER txns (ContainerManager's candidates): empty
     * containers that once had a child, and empty TTL nodes unmodified for longer than their TTL.
     */
    public List<String> deletableContainersAndTtls(long nowMs) {
        List<String> out = new ArrayList<>();
        for (String p : tree.containers()) {
            Znode n = tree.get(p);
            if (n.childCount() == 0 && n.cversion > 0) {
                out.add(p);
            }
        }
        for (String p : tree.ttls()) {
            Znode n = tree.get(p);
            if (n.childCount() == 0 && Writes.ttlExpired(n, nowMs)) {
                out.add(p);
            }
        }
        Collections.sort(out);
        return out;
    }

    public void writeSnapshot(JuteOutput out) {
        Snapshots.write(out, lastZxid, sessions, tree, digest());
    }

    /**
     * The state as of now, to serialize on another thread while this database goes on applying txns. Costs a copy
     * of the sessions, not of the tree; until {@link #release} every node changed keeps its old version alive.
     *
     * @throws IllegalStateException while an earlier image is not released (one at a time bounds the memory)
     */
    public StateImage capture() {
        return new StateImage(lastZxid, new TreeMap<>(sessions), digest(), tree.capture());
    }

    /** The image is written (or abandoned): changes stop keeping old versions for it, and it may no longer be written. */
    public void release(StateImage image) {
        tree.release(image.tree);
        image.markReleased();
    }

    /** @throws JuteException when the input is not a whole, consistent snapshot */
    public static ZkDatabase readSnapshot(JuteInput in, StateOptions options) {
        Snapshots.Loaded l = Snapshots.read(in, options.extendedTypesEnabled(), new TreeMap<>());
        ZkDatabase db = new ZkDatabase(options, l.tree(), l.sessions(), l.lastZxid());
        if (db.digest() != l.digest()) {
            throw new JuteException("snapshot digest mismatch");
        }
        return db;
    }

    /** A digest of the tree (paths, data, ACLs, stats) and the sessions; equal states give equal digests. */
    public long digest() {
        return digestOf(tree, sessions);
    }

    static long digestOf(DataTree tree, Map<Long, Integer> sessions) {
        long s = 0;
        for (Map.Entry<Long, Integer> e : sessions.entrySet()) {
            s += Hash64.mix(Hash64.add(Hash64.add(0x73657373L, e.getKey()), e.getValue()));
        }
        return Hash64.mix(tree.nodesDigest()) ^ s;
    }

    // ---- numbers for the four-letter words -----------------------------------------------------------

    /** As ZooKeeper counts (its map holds the root twice): a fresh tree has 5. */
    public int nodeCount() {
        return tree.nodeCount();
    }

    public long approximateDataSize() {
        return tree.approximateDataSize();
    }

    public int ephemeralCount() {
        return tree.ephemeralCount();
    }

    /** The session's ephemeral paths, sorted. */
    public List<String> ephemerals(long sessionId) {
        return List.copyOf(tree.ephemerals(sessionId));
    }

    /** Every session that owns ephemerals, with their paths (the "dump" word). */
    public Map<Long, List<String>> ephemeralsBySession() {
        Map<Long, List<String>> out = new TreeMap<>();
        for (Map.Entry<Long, NavigableSet<String>> e : tree.allEphemerals().entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** mntr's zk_watch_count: watches in both tables. */
    public int watchCount() {
        return watches.data.size() + watches.child.size();
    }

    /** Paths with data watches (ZooKeeper's wchs reports the data table only). */
    public int watchedPathCount() {
        return watches.data.pathCount();
    }

    /** Sessions with data watches (wchs's "connections watching"). */
    public int watchingSessionCount() {
        return watches.data.sessionCount();
    }

    /** wchs's "Total watches": data watches. */
    public int dataWatchCount() {
        return watches.data.size();
    }

    /** wchc: session to watched paths (data table, as ZooKeeper reports). */
    public Map<Long, Set<String>> watchesBySession() {
        return watches.data.bySessionReport();
    }

    /** wchp: path to watching sessions (data table, as ZooKeeper reports). */
    public Map<String, Set<Long>> watchesByPath() {
        return watches.data.byPathReport();
    }
}
