package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.Stat;
import io.warden.api.data.StatPersisted;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One node of the tree with ZooKeeper's persisted stat. {@code cversion} is stored as ZooKeeper stores it
 * (the number of child creations, which names sequential children); clients see it as
 * {@code 2 * cversion - numChildren}, i.e. creations plus deletions.
 */
final class Znode {
    byte[] data;
    List<ACL> acl;
    long czxid;
    long mzxid;
    long ctime;
    long mtime;
    int version;
    int cversion;
    int aversion;
    long ephemeralOwner;
    long pzxid;
    private NavigableSet<String> children;

    private long pathHash;
    private long dataHash;
    private long aclHash;
    /** This node's term in the tree digest; kept current by DataTree around every change. */
    long digest;

    Znode(String path, byte[] data, List<ACL> acl, StatPersisted s) {
        this.data = data;
        this.acl = acl;
        this.czxid = s.czxid();
        this.mzxid = s.mzxid();
        this.ctime = s.ctime();
        this.mtime = s.mtime();
        this.version = s.version();
        this.cversion = s.cversion();
        this.aversion = s.aversion();
        this.ephemeralOwner = s.ephemeralOwner();
        this.pzxid = s.pzxid();
        this.pathHash = Hash64.string(path);
        this.dataHash = Hash64.bytes(data);
        this.aclHash = aclHash(acl);
        rehash();
    }

    static Znode created(String path, byte[] data, List<ACL> acl, long owner, long zxid, long time) {
        return new Znode(path, data, acl, new StatPersisted(zxid, zxid, time, time, 0, 0, 0, owner, zxid));
    }

    void setData(byte[] newData) {
        data = newData;
        dataHash = Hash64.bytes(newData);
    }

    void setAcl(List<ACL> newAcl) {
        acl = newAcl;
        aclHash = aclHash(newAcl);
    }

    void rehash() {
        long h = Hash64.add(0x6e6f6465L, pathHash);
        h = Hash64.add(h, dataHash);
        h = Hash64.add(h, aclHash);
        h = Hash64.add(h, czxid);
        h = Hash64.add(h, mzxid);
        h = Hash64.add(h, ctime);
        h = Hash64.add(h, mtime);
        h = Hash64.add(h, ((long) version << 32) ^ (cversion & 0xffffffffL));
        h = Hash64.add(h, aversion);
        h = Hash64.add(h, ephemeralOwner);
        h = Hash64.add(h, pzxid);
        digest = Hash64.mix(h);
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
