package io.warden.server.state;

import io.warden.api.jute.JuteOutput;
import java.util.List;
import java.util.Map;

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
        List<TreeImage.Entry> nodes = tree.inSnapshotOrder();
        Snapshots.write(out, lastZxid, sessions, nodes.size(), v -> nodes.forEach(e -> v.visit(e.path(), e.node())),
                digest);
        requireHeld();
    }

    public byte[] serialize() {
        JuteOutput out = new JuteOutput(1 << 16);
        write(out);
        return out.toByteArray();
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
