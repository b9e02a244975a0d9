package io.warden.testkit;

/**
 * What a node has applied: its last zxid and the digest of its tree and sessions (as {@code mntr} reports them as
 * zk_last_zxid and zk_tree_digest). Replicas that applied the same transactions have equal digests.
 */
public record NodeDigest(long lastZxid, long treeDigest) {
    @Override
    public String toString() {
        return "zxid 0x" + Long.toHexString(lastZxid) + " digest " + Long.toHexString(treeDigest);
    }
}
