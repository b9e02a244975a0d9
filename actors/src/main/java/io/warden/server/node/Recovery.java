package io.warden.server.node;

import io.warden.api.data.Zxid;
import io.warden.api.jute.JuteInput;
import io.warden.api.txn.TxnCodec;
import io.warden.persistence.DataDirLock;
import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.Snapshot;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.ServerConfig;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a server's replica back from disk before it serves: the newest valid snapshot, then every logged transaction
 * after it, in order. A gap in the zxids (a log file gone missing) stops the start rather than serving a tree that lost
 * acknowledged writes.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** The recovered replica and the open storage it came from; closing releases the log and the data-dir lock. */
    public record Recovered(ZkDatabase db, TxnLog log, SnapshotStore snapshots, DataDirLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("Closing the transaction log failed: {}", e.toString());
            }
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("Releasing the data directory lock failed: {}", e.toString());
            }
        }
    }

    private Recovery() {
    }

    public static Path snapshotDir(ServerConfig config) {
        return config.dataDir().resolve("snapshots");
    }

    public static Path logDir(ServerConfig config) {
        return config.dataLogDir().resolve("log");
    }

    public static Recovered recover(ServerConfig config) {
        return recover(config, UnaryOperator.identity());
    }

    /**
     * As {@link #recover(ServerConfig)}, with the opened log passed through {@code wrapLog} before it is read or
     * written: how tests put a failing disk under a real server.
     */
    public static Recovered recover(ServerConfig config, UnaryOperator<TxnLog> wrapLog) {
        DataDirLock lock;
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.dataLogDir());
            lock = DataDirLock.acquire(config.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use data directory " + config.dataDir().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        TxnLog log = null;
        // Opening the log checks every record of it, which takes as long as loading the snapshot; neither needs the
        // other, so the log opens on a thread of its own meanwhile.
        CompletableFuture<TxnLog> opening = OwnThread.start("warden-log-open",
                () -> TxnLog.open(logDir(config), LogOptions.defaults().withForceSync(config.forceSync())));
        try {
            StateOptions options = new StateOptions(config.extendedTypesEnabled());
            SnapshotStore snapshots = new SnapshotStore(snapshotDir(config));
            Optional<Snapshot> snapshot = snapshots.loadNewestValid();
            ZkDatabase db = snapshot
                    .map(s -> ZkDatabase.readSnapshot(new JuteInput(s.content()), options))
                    .orElseGet(() -> new ZkDatabase(options));
            snapshot.ifPresent(s -> LOG.info("Loaded snapshot {} (zxid 0x{})", s.file(), Long.toHexString(s.zxid())));
            if (!config.forceSync()) {
                LOG.warn("forceSync=no: acknowledged writes can be lost if this machine crashes");
            }
            log = wrapLog.apply(OwnThread.await(opening, IOException.class));
            if (config.isReplicated()) {
                // The log may end with proposals no quorum committed, which the next leader may cut off: the tree
                // holds only what is known committed (the snapshot), and Zab commits the log's tail once the ensemble
                // has agreed on it (the leader at establishment, a follower at UPTODATE).
                LOG.info("Replicated: the tree starts from zxid 0x{}; the log (to 0x{}) is committed once a leader is "
                        + "established", Long.toHexString(db.lastZxid()), Long.toHexString(log.lastZxid()));
            } else {
                long replayed = replay(db, log);
                LOG.info("Recovered {} transactions from the log; last zxid 0x{}", replayed, Long.toHexString(db.lastZxid()));
            }
            return new Recovered(db, log, snapshots, lock);
        } catch (IOException | RuntimeException e) {
            // Closed before the lock goes: the log may still have been opening when the snapshot failed.
            closeQuietly(log != null ? log : opening.handle((l, failure) -> l).join());
            try {
                lock.close();
            } catch (IOException ignored) {
                // The start already failed; the lock goes with the process anyway.
            }
            throw new IllegalStateException("cannot recover from " + config.dataDir().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    static long replay(ZkDatabase db, TxnLog log) throws IOException {
        long count = 0;
        long first = log.firstZxid();
        if (first != 0 && first > db.lastZxid() && !follows(db.lastZxid(), first)) {
            throw new IllegalStateException("the log starts at zxid 0x" + Long.toHexString(first) + " but "
                    + (db.lastZxid() == 0 ? "there is no snapshot" : "the snapshot ends at 0x" + Long.toHexString(db.lastZxid()))
                    + ": the log files in between are missing");
        }
        try (LogCursor cursor = log.readFrom(db.lastZxid())) {
            LogEntry e;
            while ((e = cursor.next()) != null) {
                if (!follows(db.lastZxid(), e.zxid())) {
                    throw new IllegalStateException("transactions are missing between zxid 0x" + Long.toHexString(db.lastZxid())
                            + " and 0x" + Long.toHexString(e.zxid()) + " (a log file was lost?)");
                }
                db.apply(TxnCodec.decode(e.payload()));
                count++;
            }
        }
        return count;
    }

    /**
     * Within an epoch zxids count up by one; a new epoch starts its count again at 1. A standalone server numbers each
     * run's epoch one above the epoch of the last logged zxid, so the next logged epoch is always the next one and a
     * lost log segment shows as a gap. (Replicated servers do not replay: their epochs come from elections.)
     */
    static boolean follows(long previous, long next) {
        if (Zxid.epoch(next) == Zxid.epoch(previous)) {
            return next == previous + 1;
        }
        return Zxid.epoch(next) == Zxid.epoch(previous) + 1 && Zxid.counter(next) == 1;
    }

    private static void closeQuietly(TxnLog log) {
        if (log == null) {
            return;
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // Reported by the caller's exception.
        }
    }
}
