package io.warden.examples.ids;

import io.warden.recipe.Op;
import io.warden.recipe.TreeEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the id allocator decides, from its subtree alone (no clock, no IO): which request gets the next id, as one
 * multi that moves the counter in the root and writes the id into the request, or neither. Built from a snapshot and
 * kept up to date by every change under the root, its own writes included.
 */
final class Allocation {
    private final String root;
    private final String requests;
    private long next = 1;
    private int rootVersion = -1;
    /** Requests without an id yet, in the order they were made (their sequence suffix). */
    private final TreeSet<String> waiting = new TreeSet<>();

    Allocation(String root) {
        this.root = root;
        this.requests = root + "/requests/";
    }

    void apply(TreeEvent event) {
        if (event instanceof TreeEvent.Snapshot s) {
            waiting.clear();
            next = 1;
            rootVersion = -1;
            for (Map.Entry<String, TreeEvent.Node> e : s.nodes().entrySet()) {
                seen(e.getKey(), e.getValue());
            }
        } else if (event instanceof TreeEvent.Created c) {
            seen(c.path(), c.node());
        } else if (event instanceof TreeEvent.Changed c) {
            seen(c.path(), c.node());
        } else if (event instanceof TreeEvent.Deleted d) {
            waiting.remove(d.path());
            if (d.path().equals(root)) {
                rootVersion = -1;
            }
        }
    }

    private void seen(String path, TreeEvent.Node node) {
        if (node == null) {
            waiting.remove(path);
        } else if (path.equals(root)) {
            String text = new String(node.data(), StandardCharsets.UTF_8).trim();
            next = text.isEmpty() ? 1 : Long.parseLong(text);
            rootVersion = node.stat().version();
        } else if (path.startsWith(requests) && path.indexOf('/', requests.length()) < 0) {
            if (node.data().length == 0) {
                waiting.add(path);
            } else {
                waiting.remove(path);
            }
        }
    }

    /**
     * The write that hands out the next id, if a request waits: the counter moves only if nobody else moved it
     * (version check), and the request gets the id only while it still has none (version 0), both or neither.
     */
    Optional<List<Op>> nextWrite() {
        if (waiting.isEmpty() || rootVersion < 0) {
            return Optional.empty();
        }
        String request = waiting.first();
        return Optional.of(List.of(
                new Op.SetData(root, bytes(next + 1), rootVersion),
                new Op.SetData(request, bytes(next), 0)));
    }

    long next() {
        return next;
    }

    int waiting() {
        return waiting.size();
    }

    private static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.UTF_8);
    }
}
