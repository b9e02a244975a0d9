package io.warden.testkit.sim;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.txn.Txn;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import io.warden.server.zab.Snapshot;
import io.warden.server.zab.TxnHistory;
import io.warden.server.zab.ZabEffect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One server's disk: what was synced survives a crash, what was only written may survive in part (the operating
 * system flushed some of it), and the record being written when the power went may be torn, which recovery cuts off.
 * The durable log is what {@link TxnHistory} shows; writes wait in order until the next sync makes them durable.
 */
final class SimDisk implements TxnHistory {

    /** A write handed to the disk and not yet synced, remembering which role asked (only that role hears back). */
    record Write(ZabEffect op, long role) {
    }

    private final TreeMap<Long, Txn> log = new TreeMap<>();
    private long base;
    private long acceptedEpoch;
    /** What the server believes it accepted; differs from the disk only under {@link Mutant#FORGET_ACCEPTED_EPOCH}. */
    private long acceptedInMemory;
    private long currentEpoch;
    private Snapshot snapshot;
    /** The zxid of a torn record at the log's end, left by a crash; recovery cuts it. 0 when none. */
    private long tornZxid;
    private final ArrayDeque<Write> unsynced = new ArrayDeque<>();
    private final boolean forgetAcceptedEpoch;

    SimDisk(boolean forgetAcceptedEpoch) {
        this.forgetAcceptedEpoch = forgetAcceptedEpoch;
        this.snapshot = snapshotOf(new ZkDatabase(StateOptions.DEFAULT));
    }

    static Snapshot snapshotOf(ZkDatabase db) {
        JuteOutput out = new JuteOutput();
        db.writeSnapshot(out);
        return new Snapshot(db.lastZxid(), out.toByteArray());
    }

    static ZkDatabase restore(Snapshot s) {
        return ZkDatabase.readSnapshot(new JuteInput(s.data()), StateOptions.DEFAULT);
    }

    void write(ZabEffect op, long role) {
        unsynced.add(new Write(op, role));
    }

    boolean hasUnsynced() {
        return !unsynced.isEmpty();
    }

    /** Makes every waiting write durable, in order (group commit), and returns them so the shell can report them. */
    List<Write> sync() {
        List<Write> done = new ArrayList<>(unsynced);
        while (!unsynced.isEmpty()) {
            store(unsynced.pollFirst().op());
        }
        return done;
    }

    private void store(ZabEffect op) {
        if (op instanceof ZabEffect.PersistAcceptedEpoch a) {
            acceptedInMemory = a.epoch();
            if (!forgetAcceptedEpoch) {
                acceptedEpoch = a.epoch();
            }
        } else if (op instanceof ZabEffect.PersistCurrentEpoch c) {
            currentEpoch = c.epoch();
        } else if (op instanceof ZabEffect.AppendToLog a) {
            for (Txn t : a.txns()) {
                if (t.zxid() <= lastZxid()) {
                    // A real log refuses this too; here it means two histories reached one replica.
                    throw new Stop(Invariant.AGREEMENT, "log append out of zxid order: 0x" + Long.toHexString(t.zxid())
                            + " after 0x" + Long.toHexString(lastZxid()));
                }
                log.put(t.zxid(), t);
            }
        }
    }

    /**
     * The power goes: the first {@code survivors} waiting writes reached the platter, the rest is lost; if
     * {@code tear} and the next lost write is an append, its first record is left torn at the log's end.
     *
     * @return what happened, for the trace
     */
    String crash(int survivors, boolean tear) {
        int kept = 0;
        while (kept < survivors && !unsynced.isEmpty()) {
            store(unsynced.pollFirst().op());
            kept++;
        }
        String torn = "";
        if (tear && !unsynced.isEmpty() && unsynced.peekFirst().op() instanceof ZabEffect.AppendToLog a) {
            tornZxid = a.txns().get(0).zxid();
            torn = ", torn record 0x" + Long.toHexString(tornZxid);
        }
        int lost = unsynced.size();
        unsynced.clear();
        acceptedInMemory = acceptedEpoch;
        return "kept " + kept + " unsynced writes, lost " + lost + torn;
    }

    /** Recovery cuts a torn last record; returns what it cut, for the trace, or null. */
    String recover() {
        if (tornZxid == 0) {
            return null;
        }
        String cut = "recovery cut torn record 0x" + Long.toHexString(tornZxid) + " after 0x" + Long.toHexString(lastZxid());
        tornZxid = 0;
        return cut;
    }

    /** TruncateLog: durable before the next effect, so earlier waiting writes go first. */
    void truncateAfter(long zxid) {
        sync();
        log.tailMap(zxid, false).clear();
    }

    /** ApplySnapshot: the snapshot replaces state and log, durably. */
    void installSnapshot(Snapshot s) {
        sync();
        snapshot = s;
        log.clear();
        base = s.zxid();
    }

    /** A snapshot of the committed state, taken by the server itself; the log before it may be purged. */
    void takeSnapshot(Snapshot s, boolean purge) {
        snapshot = s;
        if (purge) {
            log.headMap(s.zxid(), true).clear();
            base = Math.max(base, s.zxid());
        }
    }

    long acceptedEpoch() {
        return acceptedInMemory;
    }

    long currentEpoch() {
        return currentEpoch;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public long baseZxid() {
        return base;
    }

    @Override
    public long lastZxid() {
        return log.isEmpty() ? base : log.lastKey();
    }

    @Override
    public boolean contains(long zxid) {
        return log.containsKey(zxid);
    }

    @Override
    public long floor(long zxid) {
        Long f = log.floorKey(zxid);
        return f == null || f < base ? base : f;
    }

    @Override
    public List<Txn> range(long after, long upTo) {
        if (after < base) {
            throw new IllegalStateException("range from 0x" + Long.toHexString(after) + " before the log's base 0x"
                    + Long.toHexString(base));
        }
        return List.copyOf(log.subMap(after, false, upTo, true).values());
    }

    @Override
    public Snapshot latestSnapshot() {
        return snapshot;
    }
}
