package io.warden.api.client;

import io.warden.api.data.EventType;
import io.warden.api.data.WatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The watches this client believes the server holds for it, by client path. ZooKeeper's client keeps the same
 * book: to re-register watches after a reconnect (SetWatches2), and to answer removeWatches locally.
 * Used from the client's event thread, but synchronised so that state can be read from anywhere.
 */
final class WatchRegistry {
    private final Set<String> data = new TreeSet<>();
    private final Set<String> exist = new TreeSet<>();
    private final Set<String> child = new TreeSet<>();
    private final Set<String> persistent = new TreeSet<>();
    private final Set<String> recursive = new TreeSet<>();

    synchronized void addData(String path) {
        data.add(path);
    }

    synchronized void addExist(String path) {
        exist.add(path);
    }

    synchronized void addChild(String path) {
        child.add(path);
    }

    synchronized void addPersistent(String path, boolean isRecursive) {
        (isRecursive ? recursive : persistent).add(path);
    }

    /** One-shot watches are gone once they fire; persistent ones stay. */
    synchronized void fired(EventType type, String path) {
        switch (type) {
            case NodeCreated, NodeDataChanged -> {
                data.remove(path);
                exist.remove(path);
            }
            case NodeDeleted -> {
                data.remove(path);
                exist.remove(path);
                child.remove(path);
            }
            case NodeChildrenChanged -> child.remove(path);
            default -> {
            }
        }
    }

    /** Removes the watches of a kind on a path; returns the removal event types to report, empty if none were set. */
    synchronized Set<EventType> remove(String path, WatcherType type) {
        Set<EventType> removed = EnumSet.noneOf(EventType.class);
        if ((type == WatcherType.Children || type == WatcherType.Any) && child.remove(path)) {
            removed.add(EventType.ChildWatchRemoved);
        }
        if (type == WatcherType.Data || type == WatcherType.Any) {
            boolean d = data.remove(path);
            boolean e = exist.remove(path);
            if (d || e) {
                removed.add(EventType.DataWatchRemoved);
            }
        }
        if ((type == WatcherType.Persistent || type == WatcherType.Any) && persistent.remove(path)) {
            removed.add(EventType.PersistentWatchRemoved);
        }
        if ((type == WatcherType.PersistentRecursive || type == WatcherType.Any) && recursive.remove(path)) {
            removed.add(EventType.PersistentWatchRemoved);
        }
        return removed;
    }

    synchronized void clear() {
        data.clear();
        exist.clear();
        child.clear();
        persistent.clear();
        recursive.clear();
    }

    synchronized boolean isEmpty() {
        return data.isEmpty() && exist.isEmpty() && child.isEmpty() && persistent.isEmpty() && recursive.isEmpty();
    }

    /** Snapshot: data, exist, child, persistent, persistentRecursive (the order of SetWatches2's lists). */
    synchronized List<List<String>> snapshot() {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> s : List.of(data, exist, child, persistent, recursive)) {
            out.add(new ArrayList<>(s));
        }
        return out;
    }
}
