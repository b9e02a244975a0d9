package io.warden.server.state;

import io.warden.api.data.StatPersisted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    record Entry(String path, Znode node) {
    }

    /** The nodes at capture time in snapshot order: pre-order with sorted children, as DataTree.walk visits. */
    List<Entry> inSnapshotOrder() {
        Map<String, Znode> at = new HashMap<>(live.size() * 4 / 3 + 16);
        for (Map.Entry<String, Znode> e : live.entrySet()) {
            // Read kept after the version: a version put after the capture shows its path as kept.
            if (!kept.containsKey(e.getKey())) {
                at.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Znode> e : kept.entrySet()) {
            if (e.getValue() != ABSENT) {
                at.put(e.getKey(), e.getValue());
            }
        }
        String[] paths = at.keySet().toArray(new String[0]);
        Arrays.sort(paths, TreeImage::preOrder);
        List<Entry> out = new ArrayList<>(paths.length);
        for (String p : paths) {
            out.add(new Entry(p, at.get(p)));
        }
        return out;
    }

    /**
     * Orders paths as a pre-order walk with children sorted by name does: component by component, where a path
     * whose component ends ('/' or the end) comes before one whose component goes on.
     */
    static int preOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x == '/') {
                    return -1;
                }
                if (y == '/') {
                    return 1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
