package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A durable txn log plus the replica's applied state, as the tests' stand-in for TxnLog, snapshots and StateMachine. */
final class FakeLog implements TxnHistory {
    private final TreeMap<Long, Txn> txns = new TreeMap<>();
    private long base;
    /** What the state machine applied, in order: durable in this fake, like a snapshot taken after every commit. */
    final List<Txn> applied = new ArrayList<>();

    void append(List<Txn> batch) {
        for (Txn t : batch) {
            if (t.zxid() <= lastZxid()) {
                throw new AssertionError("append out of order: " + Zxids.hex(t.zxid()) + " after " + Zxids.hex(lastZxid()));
            }
            txns.put(t.zxid(), t);
        }
    }

    void truncateAfter(long zxid) {
        if (zxid < lastApplied()) {
            throw new AssertionError("truncating committed txns: to " + Zxids.hex(zxid) + ", applied " + Zxids.hex(lastApplied()));
        }
        txns.tailMap(zxid, false).clear();
    }

    void installSnapshot(Snapshot s, Map<Long, Txn> registry) {
        List<Txn> state = decode(s, registry);
        if (state.size() < applied.size() || !state.subList(0, applied.size()).equals(applied)) {
            throw new AssertionError("snapshot at " + Zxids.hex(s.zxid()) + " does not extend the applied state");
        }
        applied.clear();
        applied.addAll(state);
        txns.clear();
        base = s.zxid();
    }

    /** Drops logged txns up to {@code zxid}, keeping only what the applied state (our snapshot) already covers. */
    void purge(long zxid) {
        long upTo = Math.min(zxid, lastApplied());
        txns.headMap(upTo, true).clear();
        base = Math.max(base, upTo);
    }

    long lastApplied() {
        return applied.isEmpty() ? 0 : applied.get(applied.size() - 1).zxid();
    }

    @Override
    public long baseZxid() {
        return base;
    }

    @Override
    public long lastZxid() {
        return txns.isEmpty() ? base : txns.lastKey();
    }

    @Override
    public boolean contains(long zxid) {
        return txns.containsKey(zxid);
    }

    @Override
    public long floor(long zxid) {
        Long f = txns.floorKey(zxid);
        return f == null ? base : f;
    }

    @Override
    public List<Txn> range(long after, long upTo) {
        if (after < base) {
            throw new AssertionError("range from " + Zxids.hex(after) + " before base " + Zxids.hex(base));
        }
        return List.copyOf(txns.subMap(after, false, upTo, true).values());
    }

    @Override
    public Snapshot latestSnapshot() {
        ByteBuffer b = ByteBuffer.allocate(8 * applied.size());
        for (Txn t : applied) {
            b.putLong(t.zxid());
        }
        return new Snapshot(lastApplied(), b.array());
    }

    static List<Txn> decode(Snapshot s, Map<Long, Txn> registry) {
        ByteBuffer b = ByteBuffer.wrap(s.data());
        List<Txn> out = new ArrayList<>();
        while (b.hasRemaining()) {
            out.add(registry.get(b.getLong()));
        }
        return out;
    }

    List<Long> loggedZxids() {
        return new ArrayList<>(txns.keySet());
    }
}
