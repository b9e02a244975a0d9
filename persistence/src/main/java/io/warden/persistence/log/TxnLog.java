package io.warden.persistence.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The transaction log: entries (zxid, payload) with strictly increasing zxids, written before they are applied.
 * {@link #append} only buffers; an entry is durable once a later {@link #sync()} has returned. Implementations are
 * safe to call from several threads, but one writer is the intended use.
 */
public interface TxnLog extends AutoCloseable {

    /**
     * Opens (creating if needed) the log kept in {@code dir}, checking every record: a torn tail left by a crash is
     * cut off with a warning, damage elsewhere throws {@link LogCorruptedException}.
     */
    static TxnLog open(Path dir, LogOptions options) throws IOException {
        return ChronicleTxnLog.open(dir, options);
    }

    /**
     * Adds an entry; not yet durable. {@code zxid} must be greater than {@link #lastZxid()}.
     *
     * @throws LogFailedException when an earlier write or sync failed, or this one did
     */
    void append(long zxid, byte[] payload) throws IOException;

    /**
     * Returns once everything appended so far is on the device. On failure throws, and the log refuses all further
     * appends and syncs with {@link LogFailedException} until it is reopened.
     */
    void sync() throws IOException;

    /** The zxid of the newest entry appended (durable or not), 0 when the log is empty. */
    long lastZxid();

    /** The zxid of the oldest entry still kept, 0 when the log is empty. */
    long firstZxid();

    /** Entries with zxid greater than {@code afterZxid}, oldest first, up to the newest appended now. */
    LogCursor readFrom(long afterZxid) throws IOException;

    /** Durably removes every entry with a zxid greater than {@code zxid} (a follower dropping an old leader's tail). */
    void truncateAfter(long zxid) throws IOException;

    /**
     * Deletes the log files that hold only entries with zxid at most {@code zxid}. Keeps any file that holds a newer
     * entry, and always keeps the newest entry, so some entries at or below {@code zxid} may remain.
     */
    void purgeBefore(long zxid) throws IOException;

    @Override
    void close() throws IOException;
}
