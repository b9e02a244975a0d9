package io.warden.persistence.log;

import java.io.IOException;

/**
 * Reads log entries in zxid order. A cursor sees the entries that were appended when it was created and no later
 * ones. It holds files open: close it, and close every cursor before {@link TxnLog#truncateAfter}.
 */
public interface LogCursor extends AutoCloseable {
    /** The next entry, or {@code null} at the end. Throws {@link LogCorruptedException} on a damaged record. */
    LogEntry next() throws IOException;

    @Override
    void close();
}
