package io.warden.server.state;

import io.warden.api.data.StatPersisted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of a tree as they were at one moment, readable on another thread while the tree's owner goes on
 * changing it. Taking one copies nothing: node versions never change (see Znode), and the tree tells the image
 * before it puts, replaces or removes a path's version, so the image keeps the version it had then (or that the
 * path was absent). The nodes at capture time are thus the tree's current versions of unchanged paths plus the
 * kept versions of changed ones. Reading the tree's map concurrently is safe because it is a ConcurrentHashMap:
 * a version put after the capture is only visible after its path's kept version is, and a path that vanished
 * from the map before the reader reached it was kept before it vanished.
 */
final class TreeImage {
    private static final Znode ABSENT = new Znode("", null, List.of(), new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0));

    private final Map<String, Znode> live;
    /** Path to the version it had at capture time (ABSENT: none); written by the owner, read by the serializer. */
    private final Map<String, Znode> kept = new ConcurrentHashMap<>();

    TreeImage(Map<String, Znode> live) {
        this.live = live;
    }

    /** Called by the tree's owner before the version at {@code path} (null: none) changes. */
    void beforeChange(String path, Znode current) {
        if (!kept.containsKey(path)) {
            kept.put(path, current == null ? ABSENT : current);
        }
    }

    /** Paths changed since the capture; their versions are kept until the image is released. */
    int keptCount() {
        return kept.size();
    }

    record Entry(String path, Znode node, char[] sortKey) {
    }

    /** The nodes at capture time in snapshot order: pre-order with sorted children, as DataTree.walk visits. */
    List<Entry> inSnapshotOrder() {
        List<Entry> all = new ArrayList<>(live.size() + kept.size());
        for (Map.Entry<String, Znode> e : live.entrySet()) {
            // Read kept after the version: a version put after the capture shows its path as kept.
            if (!kept.containsKey(e.getKey())) {
                all.add(entry(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, Znode> e : kept.entrySet()) {
            if (e.getValue() != ABSENT) {
                all.add(entry(e.getKey(), e.getValue()));
            }
        }
        all.sort((a, b) -> Arrays.compare(a.sortKey(), b.sortKey()));
        // A path read unchanged from the tree and kept when it changed later shows twice, with the same version.
        List<Entry> out = new ArrayList<>(all.size());
        for (Entry e : all) {
            if (out.isEmpty() || !out.get(out.size() - 1).path().equals(e.path())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Entry entry(String path, Znode node) {
        return new Entry(path, node, sortKey(path));
    }

    /**
     * The path with '/' as the lowest character (no valid path holds a NUL), so that plain character order, which
     * Arrays.compare computes vectorized, is the pre-order: a path whose component ends comes before one whose
     * component goes on ("/a/b" before "/a-b", though '-' is below '/').
     */
    static char[] sortKey(String path) {
        return path.replace('/', '\0').toCharArray();
    }
}
