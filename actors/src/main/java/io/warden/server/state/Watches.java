package io.warden.server.state;

import io.warden.api.data.EventType;
import io.warden.api.data.Id;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Perms;
import io.warden.api.data.WatcherType;
import io.warden.api.proto.WatcherEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * The watches of the sessions connected to this server, in ZooKeeper's two tables: data watches (getData,
 * exists, persistent and recursive) and child watches (getChildren, persistent). Not replicated: every server
 * holds only its own clients' watches.
 */
final class Watches {
    final WatchManager data = new WatchManager();
    final WatchManager child = new WatchManager();
    /** Each watching session's latest identities: an event is delivered only if they may READ the node. */
    private final Map<Long, List<Id>> auth = new HashMap<>();

    boolean has(long session) {
        return data.hasSession(session) || child.hasSession(session);
    }

    void noteAuth(long session, List<Id> ids) {
        if (has(session)) {
            auth.put(session, List.copyOf(ids));
        } else {
            auth.remove(session);
        }
    }

    void removeSession(long session) {
        data.removeSession(session);
        child.removeSession(session);
        auth.remove(session);
    }

    /** addWatch and setWatches2: persistent watches sit in both tables, recursive ones only in the data table. */
    void addPersistent(String path, long session, boolean recursive) {
        if (recursive) {
            data.add(path, session, WatchManager.RECURSIVE);
        } else {
            data.add(path, session, WatchManager.PERSISTENT);
            child.add(path, session, WatchManager.PERSISTENT);
        }
    }

    /** checkWatches (DataTree.containsWatcher). */
    boolean contains(String path, WatcherType type, long session) {
        return switch (type) {
            case Children -> child.contains(path, session, WatchManager.STANDARD);
            case Data -> data.contains(path, session, WatchManager.STANDARD);
            case Persistent -> data.contains(path, session, WatchManager.PERSISTENT);
            case PersistentRecursive -> data.contains(path, session, WatchManager.RECURSIVE);
            case Any -> child.contains(path, session, WatchManager.ALL) || data.contains(path, session, WatchManager.ALL);
        };
    }

    /** removeWatches (DataTree.removeWatch); true when anything was removed. */
    boolean remove(String path, WatcherType type, long session) {
        return switch (type) {
            case Children -> child.remove(path, session, WatchManager.STANDARD);
            case Data -> data.remove(path, session, WatchManager.STANDARD);
            case Persistent -> child.remove(path, session, WatchManager.PERSISTENT)
                    | data.remove(path, session, WatchManager.PERSISTENT);
            case PersistentRecursive -> data.remove(path, session, WatchManager.RECURSIVE);
            case Any -> child.remove(path, session, WatchManager.ALL) | data.remove(path, session, WatchManager.ALL);
        };
    }

    /** Fires the triggers of one applied txn, in order, and returns the notifications to send. */
    List<Notification> fire(List<PendingEvent> events) {
        if (events.isEmpty() || (data.sessionCount() == 0 && child.sessionCount() == 0)) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        for (PendingEvent e : events) {
            switch (e.type()) {
                case NodeCreated, NodeDataChanged -> deliver(e, data.trigger(e.path()), null, out);
                case NodeChildrenChanged -> deliver(e, child.trigger(e.path()), null, out);
                case NodeDeleted -> {
                    NavigableSet<Long> fromData = data.trigger(e.path());
                    deliver(e, fromData, null, out);
                    // A session already told through its data watch does not hear it twice.
                    deliver(e, child.trigger(e.path()), fromData, out);
                }
                default -> throw new IllegalArgumentException("not a tree event: " + e.type());
            }
        }
        return out;
    }

    private void deliver(PendingEvent e, NavigableSet<Long> sessions, NavigableSet<Long> suppress,
                         List<Notification> out) {
        for (long s : sessions) {
            if (suppress != null && suppress.contains(s)) {
                continue;
            }
            if (Acls.allowed(e.acl(), Perms.READ, auth.getOrDefault(s, List.of()))) {
                out.add(event(s, e.type(), e.path()));
            }
        }
        for (long s : sessions) {
            if (!has(s)) {
                auth.remove(s);
            }
        }
    }

    static Notification event(long session, EventType type, String path) {
        return new Notification(session, new WatcherEvent(type.intValue(), KeeperState.SyncConnected.intValue(), path));
    }
}
