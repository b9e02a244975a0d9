package io.warden.persistence.log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Walks frozen copies of the segments; each segment is read up to the last index it had when the cursor began. */
final class ChronicleCursor implements LogCursor {
    private final ChronicleTxnLog owner;
    private final LogOptions options;
    private final List<Segment> segments;
    private final long afterZxid;
    private final Path activeDir;
    private final SingleChronicleQueue activeQueue;

    private int nextSegment;
    private Segment current;
    private SingleChronicleQueue ownQueue;
    private ExcerptTailer tailer;
    private long lastIndex = -1;
    /** Index of the record last read in the current segment, returned or skipped. */
    private long segmentIndex = -1;
    private boolean closed;

    ChronicleCursor(ChronicleTxnLog owner, LogOptions options, List<Segment> segments, long afterZxid, Path activeDir,
                    SingleChronicleQueue activeQueue) {
        this.owner = owner;
        this.options = options;
        this.segments = segments;
        this.afterZxid = afterZxid;
        this.activeDir = activeDir;
        this.activeQueue = activeQueue;
    }

    @Override
    public LogEntry next() throws IOException {
        if (closed) {
            throw new IllegalStateException("cursor is closed");
        }
        while (true) {
            if (tailer == null) {
                if (nextSegment >= segments.size()) {
                    return null;
                }
                openSegment(segments.get(nextSegment++));
                continue;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    if (segmentIndex == current.lastIndex()) {
                        closeSegment();
                        continue;
                    }
                    throw new LogCorruptedException(current.dir, tailer.index(), -1, "segment ends before index 0x"
                            + Long.toHexString(current.lastIndex()) + " that it held when the log was opened");
                }
                long index = dc.index();
                segmentIndex = index;
                if (index > current.lastIndex()) {
                    closeSegment();
                    continue;
                }
                long offset = dc.wire().bytes().readPosition() - 4;
                RecordCodec.Decoded d = RecordCodec.read(dc.wire().bytes());
                if (d.entry() == null) {
                    File f = tailer.currentFile();
                    throw new LogCorruptedException(f == null ? current.dir : f.toPath(), index, offset, d.problem());
                }
                if (d.entry().zxid() <= afterZxid) {
                    continue;
                }
                lastIndex = index;
                return d.entry();
            }
        }
    }

    /** Chronicle index of the entry {@link #next()} returned last. */
    long lastIndex() {
        return lastIndex;
    }

    private void openSegment(Segment seg) throws IOException {
        Segment.CycleSpan span = seg.firstSpanAfter(afterZxid);
        if (span == null) {
            return;
        }
        SingleChronicleQueue q;
        if (activeQueue != null && seg.dir.equals(activeDir)) {
            q = activeQueue;
        } else {
            ownQueue = Queues.open(seg.dir, options);
            q = ownQueue;
        }
        current = seg;
        tailer = q.createTailer();
        tailer.singleThreadedCheckDisabled(true);
        long start = span.firstIndex;
        if (span.firstZxid <= afterZxid) {
            long last = lastIndexAtOrBefore(span, afterZxid);
            if (last >= 0) {
                start = last + 1;
                segmentIndex = last;
            }
        }
        if (!tailer.moveToIndex(start)) {
            closeSegment();
            throw new LogCorruptedException(span.file, start, -1, "cannot find the record at this index");
        }
    }

    /**
     * The index of the last record of {@code span} with a zxid at most {@code afterZxid}, found by bisection (zxids
     * rise with the index): a restart after a snapshot otherwise reads and checks every record the snapshot already
     * holds, a million for a million znodes. -1 when a probed record does not read back; the caller then walks from the
     * start of the span, which reports the damage as it always has.
     */
    private long lastIndexAtOrBefore(Segment.CycleSpan span, long afterZxid) {
        long lo = span.firstIndex;
        long hi = span.lastIndex;
        // Invariant: zxid(lo) <= afterZxid < zxid(hi) (span.firstZxid <= afterZxid < span.lastZxid).
        if (span.lastZxid <= afterZxid) {
            return -1;
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            long zxid = zxidAt(mid);
            if (zxid < 0) {
                return -1;
            }
            if (zxid <= afterZxid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The zxid of the record at {@code index}, read without its payload, or -1 if there is no readable record there. */
    private long zxidAt(long index) {
        if (!tailer.moveToIndex(index)) {
            return -1;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != index || dc.wire().bytes().readRemaining() < RecordCodec.OVERHEAD) {
                return -1;
            }
            return dc.wire().bytes().readLong();
        }
    }

    private void closeSegment() {
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
        if (ownQueue != null) {
            ownQueue.close();
            ownQueue = null;
        }
        current = null;
        segmentIndex = -1;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSegment();
        if (owner != null) {
            owner.cursorClosed();
        }
    }
}
