package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.Stat;
import io.warden.api.data.StatPersisted;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One version of a node with ZooKeeper's persisted stat. A version never changes: a write puts a new version in
 * the tree (see DataTree), so a snapshot image can hold the versions current at its zxid and serialize them on
 * another thread while writes go on. {@code cversion} is stored as ZooKeeper stores it (the number of child
 * creations, which names sequential children); clients see it as {@code 2 * cversion - numChildren}, i.e.
 * creations plus deletions.
 *
 * <p>The children set is the exception: it belongs to the path, not to the version, and is handed from each
 * version to the next, so that a write to a parent of a million children copies nothing. Only the version in
 * the tree reads or changes it; an image orders its paths by itself and never looks at it.
 */
final class Znode {
    final byte[] data;
    final List<ACL> acl;
    final long czxid;
    final long mzxid;
    final long ctime;
    final long mtime;
    final int version;
    final int cversion;
    final int aversion;
    final long ephemeralOwner;
    final long pzxid;
    private NavigableSet<String> children;

    /** Kept so that a change of stat alone does not hash the data again. */
    private final long dataHash;
    /** This version's term in the tree digest. (The path's and the ACL's hashes are not kept: 16 bytes a node.) */
    final long digest;

    Znode(String path, byte[] data, List<ACL> acl, StatPersisted s) {
        this(Hash64.string(path), data, Hash64.bytes(data), acl, s.czxid(), s.mzxid(), s.ctime(), s.mtime(),
                s.version(), s.cversion(), s.aversion(), s.ephemeralOwner(), s.pzxid(), null);
    }

    private Znode(long pathHash, byte[] data, long dataHash, List<ACL> acl, long czxid, long mzxid, long ctime,
                  long mtime, int version, int cversion, int aversion, long ephemeralOwner, long pzxid,
                  NavigableSet<String> children) {
        this.data = data;
        this.dataHash = dataHash;
        this.acl = acl;
        this.czxid = czxid;
        this.mzxid = mzxid;
        this.ctime = ctime;
        this.mtime = mtime;
        this.version = version;
        this.cversion = cversion;
        this.aversion = aversion;
        this.ephemeralOwner = ephemeralOwner;
        this.pzxid = pzxid;
        this.children = children;
        this.digest = digest(pathHash);
    }

    static Znode created(String path, byte[] data, List<ACL> acl, long owner, long zxid, long time) {
        return new Znode(path, data, acl, new StatPersisted(zxid, zxid, time, time, 0, 0, 0, owner, zxid));
    }

    /** The next version of the node at {@code path} after a setData (or the undoing of one). */
    Znode withData(String path, byte[] newData, int newVersion, long newMtime, long newMzxid) {
        return new Znode(Hash64.string(path), newData, Hash64.bytes(newData), acl, czxid, newMzxid, ctime, newMtime,
                newVersion, cversion, aversion, ephemeralOwner, pzxid, children);
    }

    /** The next version of the node at {@code path} after a setACL. */
    Znode withAcl(String path, List<ACL> newAcl, int newAversion) {
        return new Znode(Hash64.string(path), data, dataHash, newAcl, czxid, mzxid, ctime, mtime, version,
                cversion, newAversion, ephemeralOwner, pzxid, children);
    }

    /** The next version of the node at {@code path} after a child was created or deleted (or that was undone). */
    Znode withChildStats(String path, int newCversion, long newPzxid) {
        return new Znode(Hash64.string(path), data, dataHash, acl, czxid, mzxid, ctime, mtime, version, newCversion,
                aversion, ephemeralOwner, newPzxid, children);
    }

    private long digest(long pathHash) {
        long h = Hash64.add(0x6e6f6465L, pathHash);
        h = Hash64.add(h, dataHash);
        h = Hash64.add(h, aclHash(acl));
        h = Hash64.add(h, czxid);
        h = Hash64.add(h, mzxid);
        h = Hash64.add(h, ctime);
        h = Hash64.add(h, mtime);
        h = Hash64.add(h, ((long) version << 32) ^ (cversion & 0xffffffffL));
        h = Hash64.add(h, aversion);
        h = Hash64.add(h, ephemeralOwner);
        h = Hash64.add(h, pzxid);
        return Hash64.mix(h);
    }

    private static long aclHash(List<ACL> acl) {
        long h = acl.size();
        for (ACL a : acl) {
            h = Hash64.add(h, a.perms());
            h = Hash64.add(h, Hash64.string(a.id().scheme()));
            h = Hash64.add(h, Hash64.string(a.id().id()));
        }
        return h;
    }

    NavigableSet<String> children() {
        return children == null ? Collections.emptyNavigableSet() : children;
    }

    int childCount() {
        return children == null ? 0 : children.size();
    }

    void addChild(String name) {
        if (children == null) {
            children = new TreeSet<>();
        }
        children.add(name);
    }

    void removeChild(String name) {
        if (children != null) {
            children.remove(name);
            if (children.isEmpty()) {
                children = null;
            }
        }
    }

    int dataLength() {
        return data == null ? 0 : data.length;
    }

    StatPersisted persisted() {
        return new StatPersisted(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, pzxid);
    }

    /** The Stat a client sees (DataNode.copyStat): only session owners show, cversion counts deletions too. */
    Stat stat(boolean extendedTypesEnabled) {
        int n = childCount();
        long owner = EphemeralKind.of(ephemeralOwner, extendedTypesEnabled) == EphemeralKind.NORMAL ? ephemeralOwner : 0;
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion * 2 - n, aversion, owner, dataLength(), n, pzxid);
    }
}
