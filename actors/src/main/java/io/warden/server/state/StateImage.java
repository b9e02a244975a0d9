package io.warden.server.state;

import io.warden.api.jute.JuteOutput;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A database's state as of one zxid (tree, sessions, digest), taken on the owner's thread without copying the
 * tree and serialized on any other thread while the database goes on applying txns. It writes exactly the bytes
 * {@link ZkDatabase#writeSnapshot} would have written at that zxid. Valid until {@link ZkDatabase#release}.
 */
public final class StateImage {
    private final long lastZxid;
    private final Map<Long, Integer> sessions;
    private final long digest;
    final TreeImage tree;
    private volatile boolean released;

    StateImage(long lastZxid, Map<Long, Integer> sessions, long digest, TreeImage tree) {
        this.lastZxid = lastZxid;
        this.sessions = sessions;
        this.digest = digest;
        this.tree = tree;
    }

    public long lastZxid() {
        return lastZxid;
    }

    /** @throws IllegalStateException if the image was released before or while it was written */
    public void write(JuteOutput out) {
        requireHeld();
        write(out, tree.inSnapshotOrder());
    }

    private void write(JuteOutput out, List<TreeImage.Entry> nodes) {
        Snapshots.write(out, lastZxid, sessions, nodes.size(), visitor(nodes), digest);
        requireHeld();
    }

    /** The snapshot's bytes, in an array made once at their size. */
    public byte[] serialize() {
        requireHeld();
        List<TreeImage.Entry> nodes = tree.inSnapshotOrder();
        long size = Snapshots.encodedSize(sessions.size(), visitor(nodes));
        JuteOutput out = new JuteOutput((int) Math.min(size, Integer.MAX_VALUE - 16));
        write(out, nodes);
        return out.takeBytes();
    }

    private static Consumer<DataTree.NodeVisitor> visitor(List<TreeImage.Entry> nodes) {
        return v -> nodes.forEach(e -> v.visit(e.path(), e.node()));
    }

    void markReleased() {
        released = true;
    }

    private void requireHeld() {
        if (released) {
            throw new IllegalStateException("snapshot image of zxid 0x" + Long.toHexString(lastZxid) + " was released");
        }
    }
}
