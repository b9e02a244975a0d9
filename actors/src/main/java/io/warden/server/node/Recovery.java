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
            log = wrapLog.apply(TxnLog.open(logDir(config), LogOptions.defaults().withForceSync(config.forceSync())));
            long replayed = replay(db, log, !config.isReplicated());
            LOG.info("Recovered {} transactions from the log; last zxid 0x{}", replayed, Long.toHexString(db.lastZxid()));
            return new Recovered(db, log, snapshots, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(log);
            try {
                lock.close();
            } catch (IOException ignored) {
                // The start already failed; the lock goes with the process anyway.
            }
            throw new IllegalStateException("cannot recover from " + config.dataDir().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    static long replay(ZkDatabase db, TxnLog log, boolean everyEpochLogged) throws IOException {
        long count = 0;
        long first = log.firstZxid();
        if (first != 0 && first > db.lastZxid() && !follows(db.lastZxid(), first, everyEpochLogged)) {
            throw new IllegalStateException("the log starts at zxid 0x" + Long.toHexString(first) + " but "
                    + (db.lastZxid() == 0 ? "there is no snapshot" : "the snapshot ends at 0x" + Long.toHexString(db.lastZxid()))
                    + ": the log files in between are missing");
        }
        try (LogCursor cursor = log.readFrom(db.lastZxid())) {
            LogEntry e;
            while ((e = cursor.next()) != null) {
                if (!follows(db.lastZxid(), e.zxid(), everyEpochLogged)) {
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
     * Within an epoch zxids count up by one. A standalone server starts each run in the epoch after the newest one it
     * recovered (see Sequencer), so the log's epochs are consecutive, each starting its count at 1: a skipped epoch is
     * a whole segment of acknowledged writes gone. (A replicated server's log may skip epochs; it needs its own rule.)
     */
    /**
     * Within an epoch zxids count up by one; a new epoch starts its count again at 1. A standalone server numbers each
     * run's epoch one above the epoch of the last logged zxid, so there the next logged epoch is always the next one
     * ({@code everyEpochLogged}) and a lost log segment shows; in an ensemble epochs are agreed by elections, and a
     * leader may die before it logs anything, so epochs may be skipped.
     */
    static boolean follows(long previous, long next, boolean everyEpochLogged) {
        if (Zxid.epoch(next) == Zxid.epoch(previous)) {
            return next == previous + 1;
        }
        boolean nextEpoch = everyEpochLogged
                ? Zxid.epoch(next) == Zxid.epoch(previous) + 1
                : Zxid.epoch(next) > Zxid.epoch(previous);
        return nextEpoch && Zxid.counter(next) == 1;
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
