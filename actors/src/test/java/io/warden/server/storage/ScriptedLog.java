package io.warden.server.storage;

import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real log with a hand on its sync: counts syncs, can hold the next sync until released, can make syncs fail,
 * and remembers the highest zxid a finished sync covered.
 */
final class ScriptedLog implements TxnLog {
    private final TxnLog inner;
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicLong durableUpTo = new AtomicLong();
    volatile IOException failSyncWith;
    private volatile CountDownLatch gate;
    /** Counted down when the next sync starts; {@link #holdNextSync()} arms a fresh one for the sync it holds. */
    volatile CountDownLatch syncStarted = new CountDownLatch(1);

    ScriptedLog(TxnLog inner) {
        this.inner = inner;
    }

    /** The next sync waits until {@link #release()}. */
    void holdNextSync() {
        syncStarted = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void append(long zxid, byte[] payload) throws IOException {
        inner.append(zxid, payload);
    }

    @Override
    public void sync() throws IOException {
        long upTo = inner.lastZxid();
        syncStarted.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test never released the sync");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            gate = null;
        }
        syncs.incrementAndGet();
        if (failSyncWith != null) {
            throw failSyncWith;
        }
        inner.sync();
        durableUpTo.set(upTo);
    }

    @Override
    public long lastZxid() {
        return inner.lastZxid();
    }

    @Override
    public long firstZxid() {
        return inner.firstZxid();
    }

    @Override
    public LogCursor readFrom(long afterZxid) throws IOException {
        return inner.readFrom(afterZxid);
    }

    @Override
    public void truncateAfter(long zxid) throws IOException {
        inner.truncateAfter(zxid);
    }

    @Override
    public void purgeBefore(long zxid) throws IOException {
        inner.purgeBefore(zxid);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
