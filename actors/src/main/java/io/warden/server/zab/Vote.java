package io.warden.server.zab;

/**
 * A proposed leader and what it would bring: its last zxid and its current epoch. Votes are ordered by
 * (peerEpoch, zxid, leader) so that the winner is a server holding every txn a quorum may have committed.
 */
public record Vote(long leader, long zxid, long peerEpoch) {

    /** True when this vote beats {@code other}: higher epoch, then higher zxid, then higher server id. */
    public boolean beats(Vote other) {
        if (peerEpoch != other.peerEpoch) {
            return peerEpoch > other.peerEpoch;
        }
        if (zxid != other.zxid) {
            return zxid > other.zxid;
        }
        return leader > other.leader;
    }
}
