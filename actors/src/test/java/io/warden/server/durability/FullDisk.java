package io.warden.server.durability;

import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogFailedException;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;

/**
 * A log whose disk can fill up: once {@link #fill()} is called the next append fails with "No space left on device"
 * before anything of it is written, and, as the real log does after a failure, every later append and sync fails too.
 * Reading still works. Everything else goes to the real log underneath.
 */
public final class FullDisk implements TxnLog {
    private final TxnLog log;
    private volatile boolean full;
    private volatile IOException failure;

    public FullDisk(TxnLog log) {
        this.log = log;
    }

    public void fill() {
        full = true;
    }

    public boolean failed() {
        return failure != null;
    }

    @Override
    public void append(long zxid, byte[] payload) throws IOException {
        check();
        if (full) {
            failure = new IOException("No space left on device");
            throw new LogFailedException("append of zxid 0x" + Long.toHexString(zxid) + " failed", failure);
        }
        log.append(zxid, payload);
    }

    @Override
    public void sync() throws IOException {
        check();
        log.sync();
    }

    private void check() throws LogFailedException {
        if (failure != null) {
            throw new LogFailedException("the transaction log failed earlier and refuses writes", failure);
        }
    }

    @Override
    public long lastZxid() {
        return log.lastZxid();
    }

    @Override
    public long firstZxid() {
        return log.firstZxid();
    }

    @Override
    public LogCursor readFrom(long afterZxid) throws IOException {
        return log.readFrom(afterZxid);
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        check();
        log.truncateAfter(zxid);
    }

    @Override
    public void purgeBefore(long zxid) throws IOException {
        log.purgeBefore(zxid);
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
