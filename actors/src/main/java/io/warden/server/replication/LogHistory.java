package io.warden.server.replication;

import io.warden.api.jute.JuteOutput;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import io.warden.server.zab.Snapshot;
import io.warden.server.zab.TxnHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * This server's log and snapshots as Zab reads them when it synchronises a follower. Reads go straight to the log
 * files (the storage actor is their only writer); they are rare — once per follower per epoch — so a scan is fine.
 */
public final class LogHistory implements TxnHistory {
    private final TxnLog log;
    private final SnapshotStore snapshots;
    private final StateOptions options;

    public LogHistory(TxnLog log, SnapshotStore snapshots, StateOptions options) {
        this.log = log;
        this.snapshots = snapshots;
        this.options = options;
    }

    @Override
    public long baseZxid() {
        long first = log.firstZxid();
        if (first == 0) {
            return latestSnapshot().zxid();
        }
        return first - 1;
    }

    @Override
    public long lastZxid() {
        long last = log.lastZxid();
        return last == 0 ? baseZxid() : last;
    }

    /**
     * Whether the log holds {@code zxid}: the first entry after {@code zxid - 1}, which the log finds by bisection.
     * This is asked at every sync of a follower that was in step, so it must not read the log from its start (as
     * the log grew, that scan made every leader change slower: 100 ms more per ~100,000 entries here).
     */
    @Override
    public boolean contains(long zxid) {
        if (zxid <= baseZxid()) {
            return false;
        }
        try (LogCursor c = log.readFrom(zxid - 1)) {
            LogEntry e = c.next();
            return e != null && e.zxid() == zxid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest zxid in the log at or below {@code zxid}. Asked only when a learner holds txns the leader never had
     * (it is truncated to this point): it reads from the start of {@code zxid}'s epoch when the log has entries of that
     * epoch at or below it, else from the start of the log.
     */
    @Override
    public long floor(long zxid) {
        long epochStart = zxid & 0xffff_ffff_0000_0000L;
        long best = scanFloor(epochStart == 0 ? 0 : epochStart - 1, zxid, 0);
        return best != 0 ? best : scanFloor(0, zxid, baseZxid());
    }

    private long scanFloor(long after, long zxid, long none) {
        long best = none;
        try (LogCursor c = log.readFrom(after)) {
            LogEntry e;
            while ((e = c.next()) != null && e.zxid() <= zxid) {
                best = e.zxid();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return best;
    }

    @Override
    public List<Txn> range(long after, long upTo) {
        List<Txn> out = new ArrayList<>();
        try (LogCursor c = log.readFrom(after)) {
            LogEntry e;
            while ((e = c.next()) != null && e.zxid() <= upTo) {
                out.add(TxnCodec.decode(e.payload()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public Snapshot latestSnapshot() {
        try {
            var newest = snapshots.loadNewestValid();
            if (newest.isPresent()) {
                return new Snapshot(newest.get().zxid(), newest.get().content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Nothing written yet: the log then holds the whole history, which starts from the empty tree.
        JuteOutput out = new JuteOutput();
        new ZkDatabase(options).writeSnapshot(out);
        return new Snapshot(0, out.toByteArray());
    }
}
