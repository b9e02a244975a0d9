package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.StatPersisted;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The snapshot encoding: a header, lastZxid, the sessions in id order, the nodes in pre-order with sorted
 * children (so equal states give equal bytes), and the digest, which reading checks.
 */
final class Snapshots {
    private static final int MAGIC = 0x57415244; // "WARD"
    private static final int FORMAT = 1;

    private Snapshots() {
    }

    /** Writes the tree as it stands (the owner's thread only). */
    static void write(JuteOutput out, long lastZxid, Map<Long, Integer> sessions, DataTree tree, long digest) {
        int[] count = {0};
        tree.walk((path, n) -> count[0]++);
        write(out, lastZxid, sessions, count[0], tree::walk, digest);
    }

    /** @param nodesInOrder visits {@code nodeCount} nodes in pre-order with sorted children */
    static void write(JuteOutput out, long lastZxid, Map<Long, Integer> sessions, int nodeCount,
                      Consumer<DataTree.NodeVisitor> nodesInOrder, long digest) {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeLong(lastZxid);
        out.writeInt(sessions.size());
        sessions.forEach((id, timeout) -> {
            out.writeLong(id);
            out.writeInt(timeout);
        });
        out.writeInt(nodeCount);
        nodesInOrder.accept((path, n) -> {
            out.writeString(path);
            out.writeBuffer(n.data);
            out.writeRecords(n.acl);
            n.persisted().write(out);
        });
        out.writeLong(digest);
    }

    /**
     * The bytes {@link #write} takes for these sessions and nodes, so that the snapshot's array can be made once at its
     * size: grown by doubling, a 30 MB snapshot made 60 MB of short-lived arrays (and then a 30 MB copy), each one
     * larger than a G1 region, which the collector handles worst, while the servers were under load.
     */
    static long encodedSize(int sessionCount, Consumer<DataTree.NodeVisitor> nodesInOrder) {
        long[] size = {4 + 4 + 8 + 4 + 12L * sessionCount + 4 + 8};
        Map<List<ACL>, Integer> aclSizes = new java.util.IdentityHashMap<>();
        nodesInOrder.accept((path, n) -> {
            size[0] += 4 + utf8Length(path) + 4 + (n.data == null ? 0 : n.data.length) + StatPersisted.MIN_BYTES;
            size[0] += n.acl == null ? 4 : aclSizes.computeIfAbsent(n.acl, acl -> new JuteOutput(64).writeRecords(acl).size());
        });
        return size[0];
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes;
    }

    record Loaded(long lastZxid, Map<Long, Integer> sessions, DataTree tree, long digest) {
    }

    static Loaded read(JuteInput in, boolean extendedTypesEnabled, Map<Long, Integer> sessionsInto) {
        if (in.readInt() != MAGIC) {
            throw new JuteException("not a Warden state snapshot");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new JuteException("unknown snapshot format " + format);
        }
        long lastZxid = in.readLong();
        int sessionCount = count(in, 12);
        for (int i = 0; i < sessionCount; i++) {
            long id = in.readLong();
            sessionsInto.put(id, in.readInt());
        }
        int nodeCount = count(in, 4 + 4 + 4 + StatPersisted.MIN_BYTES);
        DataTree tree = new DataTree(extendedTypesEnabled, nodeCount);
        // Nearly all nodes carry the ACL of the node before them: its bytes are compared, not decoded again.
        List<ACL> lastAcl = null;
        int lastAclFrom = 0;
        int lastAclTo = 0;
        for (int i = 0; i < nodeCount; i++) {
            String path = in.readString();
            byte[] data = in.readBuffer();
            List<ACL> acl;
            if (lastAcl != null && in.skipRepeat(lastAclFrom, lastAclTo)) {
                acl = lastAcl;
            } else {
                int from = in.position();
                acl = in.readRecords(ACL::read, ACL.MIN_BYTES);
                if (acl != null) {
                    acl = List.copyOf(acl);
                    lastAcl = acl;
                    lastAclFrom = from;
                    lastAclTo = in.position();
                }
            }
            StatPersisted stat = StatPersisted.read(in);
            boolean rootFirst = i == 0 == Paths.ROOT.equals(path);
            if (path == null || acl == null || !rootFirst || (i > 0 && !Paths.isValid(path))) {
                throw new JuteException("bad node in snapshot: " + path);
            }
            try {
                tree.load(path, data, acl, stat);
            } catch (IllegalStateException e) {
                throw new JuteException(e.getMessage());
            }
        }
        return new Loaded(lastZxid, sessionsInto, tree, in.readLong());
    }

    private static int count(JuteInput in, int minBytesEach) {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new JuteException("bad count " + n + " in snapshot");
        }
        return n;
    }
}
