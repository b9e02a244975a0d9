package io.warden.persistence;

import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotCorruptedException;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's autopurge: keeps the newest {@code retainCount} valid snapshots and the log entries needed to recover
 * from the oldest of them, and deletes older snapshots and log files. Recovery from snapshot S replays the entries
 * after S's zxid, so the log keeps every entry newer than the oldest retained snapshot. A snapshot that fails its
 * checks does not count: if fewer valid ones exist than are to be kept, no snapshot is deleted.
 */
public final class Purger {
    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);
    /** ZooKeeper's minimum for autopurge.snapRetainCount. */
    public static final int MIN_RETAIN = 3;

    /** What one purge removed; {@code logPurgedBefore} is 0 when the log was left alone. */
    public record Result(int snapshotsDeleted, long logPurgedBefore) {
    }

    private final SnapshotStore snapshots;
    private final TxnLog log;
    private final int retainCount;

    public Purger(SnapshotStore snapshots, TxnLog log, int retainCount) {
        this.snapshots = snapshots;
        this.log = log;
        if (retainCount < MIN_RETAIN) {
            LOG.warn("snapRetainCount {} is below the minimum; keeping {} snapshots", retainCount, MIN_RETAIN);
        }
        this.retainCount = Math.max(retainCount, MIN_RETAIN);
    }

    public int retainCount() {
        return retainCount;
    }

    public Result purge() throws IOException {
        List<SnapshotFile> files = snapshots.list();
        List<SnapshotFile> valid = new ArrayList<>();
        for (SnapshotFile f : files) {
            if (valid.size() == retainCount) {
                break;
            }
            try {
                SnapshotStore.load(f);
                valid.add(f);
            } catch (SnapshotCorruptedException e) {
                LOG.warn("Not counting a corrupt snapshot towards the {} to keep: {}", retainCount, e.getMessage());
            }
        }
        if (valid.isEmpty()) {
            return new Result(0, 0);
        }
        SnapshotFile oldestKept = valid.get(valid.size() - 1);
        int deleted = 0;
        if (valid.size() == retainCount) {
            for (SnapshotFile f : files) {
                if (Long.compareUnsigned(f.zxid(), oldestKept.zxid()) < 0) {
                    snapshots.delete(f);
                    deleted++;
                }
            }
        }
        log.purgeBefore(oldestKept.zxid());
        return new Result(deleted, oldestKept.zxid());
    }
}
