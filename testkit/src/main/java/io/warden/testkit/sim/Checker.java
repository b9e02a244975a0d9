package io.warden.testkit.sim;

import static io.warden.testkit.sim.Describe.hex;

import io.warden.api.proto.OpCode;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The invariants, checked as each replica applies each txn (and as leaders establish epochs). It remembers, for every
 * zxid any replica applied, the txn and the state digest after it, so one replica's history is compared with all
 * others' as it happens, not only at the end.
 */
final class Checker {
    /** zxid to the encoded txn first applied there. */
    private final TreeMap<Long, byte[]> committed = new TreeMap<>();
    private final Map<Long, Long> digestAt = new HashMap<>();
    private final TreeSet<Long> acknowledged = new TreeSet<>();
    private final Map<Long, Long> closedAt = new HashMap<>();
    private final Map<Long, Long> establishedBy = new HashMap<>();

    void established(long node, long epoch, long leader) {
        if (leader == node) {
            Long before = establishedBy.putIfAbsent(epoch, node);
            if (before != null && before != node) {
                throw new Stop(Invariant.ONE_LEADER_PER_EPOCH, "servers " + before + " and " + node
                        + " both established epoch " + epoch);
            }
        } else {
            Long by = establishedBy.get(epoch);
            if (by == null || by != leader) {
                throw new Stop(Invariant.ONE_LEADER_PER_EPOCH, "server " + node + " follows " + leader + " in epoch "
                        + epoch + ", which " + (by == null ? "no leader" : "server " + by) + " established");
            }
        }
    }

    /**
     * Before replica {@code node}, now at {@code last}, applies {@code t}. Skipping a committed txn is a lost write when
     * the replica's log does not hold it (an acknowledged one breaks {@link Invariant#ACKNOWLEDGED_WRITES}), and a
     * reordering when it does.
     */
    void beforeApply(long node, long last, Txn t, LongPredicate inLog) {
        long zxid = t.zxid();
        if (zxid <= last) {
            throw new Stop(Invariant.AGREEMENT, "server " + node + " applies " + hex(zxid) + " after " + hex(last)
                    + " (out of zxid order)");
        }
        NavigableMap<Long, byte[]> skipped = committed.subMap(last, false, zxid, false);
        for (Long k : skipped.keySet()) {
            if (inLog.test(k)) {
                throw new Stop(Invariant.AGREEMENT, "server " + node + " applies " + hex(zxid) + " before " + hex(k)
                        + ", which its log holds (out of zxid order)");
            }
            if (acknowledged.contains(k)) {
                throw new Stop(Invariant.ACKNOWLEDGED_WRITES, "server " + node + " applies " + hex(zxid)
                        + " without the acknowledged write " + hex(k));
            }
        }
        if (!skipped.isEmpty()) {
            throw new Stop(Invariant.AGREEMENT, "server " + node + " applies " + hex(zxid) + " without "
                    + hex(skipped.firstKey()) + ", which another replica applied");
        }
        byte[] before = committed.get(zxid);
        if (before != null) {
            if (!Arrays.equals(before, TxnCodec.encode(t))) {
                throw new Stop(Invariant.AGREEMENT, "server " + node + " applies a different txn at " + hex(zxid));
            }
        } else if (!committed.isEmpty() && committed.lastKey() > zxid) {
            Long ackedAfter = acknowledged.higher(zxid);
            throw new Stop(Invariant.AGREEMENT, "server " + node + " applies " + hex(zxid) + ", which replicas that "
                    + "applied up to " + hex(committed.lastKey()) + " never had"
                    + (ackedAfter == null ? "" : " (acknowledged " + hex(ackedAfter) + " follows it)"));
        }
    }

    /** After replica {@code node} applied {@code t}, reaching {@code digest}; {@code ephemeralOwners} are its sessions with ephemerals. */
    void afterApply(long node, Txn t, long digest, Iterable<Long> ephemeralOwners) {
        long zxid = t.zxid();
        Long d = digestAt.putIfAbsent(zxid, digest);
        if (d != null && d != digest) {
            throw new Stop(Invariant.AGREEMENT, "server " + node + " reached digest " + hex(digest) + " at " + hex(zxid)
                    + " where another replica reached " + hex(d));
        }
        committed.putIfAbsent(zxid, TxnCodec.encode(t));
        if (t.type() == OpCode.CLOSE_SESSION) {
            closedAt.putIfAbsent(t.sessionId(), zxid);
        }
        for (long owner : ephemeralOwners) {
            Long closed = closedAt.get(owner);
            if (closed != null && closed <= zxid) {
                throw new Stop(Invariant.EPHEMERALS_OF_CLOSED_SESSIONS, "server " + node + " at " + hex(zxid)
                        + " holds ephemerals of session " + hex(owner) + ", closed at " + hex(closed));
            }
        }
    }

    /** A replica replaced its state by a snapshot at {@code zxid} with {@code digest}. */
    void snapshotInstalled(long node, long zxid, long digest) {
        Long d = digestAt.get(zxid);
        if (d != null && d != digest) {
            throw new Stop(Invariant.AGREEMENT, "server " + node + " installed a snapshot at " + hex(zxid)
                    + " with digest " + hex(digest) + " where replicas reached " + hex(d));
        }
    }

    void acknowledged(long zxid) {
        acknowledged.add(zxid);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int committedCount() {
        return committed.size();
    }

    long closedCount() {
        return closedAt.size();
    }
}
