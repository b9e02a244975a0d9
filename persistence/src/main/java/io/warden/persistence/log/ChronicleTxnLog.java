package io.warden.persistence.log;

import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TxnLog} on Chronicle Queue. The log directory holds segments ({@code seg-<first zxid>}), each a Chronicle
 * queue; all but the one being written are sealed. See persistence/README.md for the layout and the recovery rules.
 */
final class ChronicleTxnLog implements TxnLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleTxnLog.class);
    private static final String DEAD_PREFIX = "dead-";

    /** Forces one file; a seam so tests can make a sync fail as a full or broken disk would. */
    interface Forcer {
        void force(FileChannel channel) throws IOException;
    }

    private final Path root;
    private final LogOptions options;
    private final List<Segment> segments;
    private Forcer forcer = ch -> ch.force(false);

    private Segment active;
    private SingleChronicleQueue activeQueue;
    private ExcerptAppender appender;
    /** Cycle files of the active segment written since the last sync, with a channel to force each. */
    private final Map<Path, FileChannel> dirtyFiles = new LinkedHashMap<>();
    private boolean rootDirDirty;
    private boolean segmentDirDirty;
    private boolean unsynced;

    private long lastZxid;
    private Throwable failure;
    private int openCursors;
    private boolean closed;

    private ChronicleTxnLog(Path root, LogOptions options, List<Segment> segments) {
        this.root = root;
        this.options = options;
        this.segments = segments;
        this.lastZxid = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastZxid();
    }

    static ChronicleTxnLog open(Path dir, LogOptions options) throws IOException {
        Path root = dir.toAbsolutePath();
        Files.createDirectories(root);
        if (!options.forceSync()) {
            LOG.warn("forceSync is off for the transaction log in {}: appends are acknowledged without reaching the"
                    + " disk, and a power failure can lose acknowledged writes", root);
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(DEAD_PREFIX)) {
                    FileSync.deleteRecursively(p); // a retirement interrupted by a crash
                } else if (name.startsWith(Segment.PREFIX) && Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        long prev = 0;
        for (Path d : dirs) {
            Segment seg;
            try {
                seg = SegmentScanner.scan(d, options, prev);
            } catch (InternalError e) {
                // Chronicle writes to its files even to read them; on a full disk that write faults.
                throw new IOException("cannot open the transaction log segment " + d + " (is the disk full?)", e);
            }
            if (seg.isEmpty()) {
                retire(root, d);
            } else {
                segments.add(seg);
                prev = seg.lastZxid();
            }
        }
        return new ChronicleTxnLog(root, options, segments);
    }

    /** Test seam: replaces how cycle files are forced. */
    synchronized void forcer(Forcer f) {
        this.forcer = f;
    }

    @Override
    public synchronized void append(long zxid, byte[] payload) throws IOException {
        checkWritable();
        if (zxid <= lastZxid) {
            throw new IllegalArgumentException("zxid 0x" + Long.toHexString(zxid) + " does not follow 0x"
                    + Long.toHexString(lastZxid));
        }
        try {
            if (appender == null) {
                startSegment(zxid);
            }
            try (DocumentContext dc = appender.writingDocument()) {
                try {
                    RecordCodec.write(dc.wire().bytes(), zxid, payload);
                } catch (RuntimeException | Error e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            long index = appender.lastIndexAppended();
            Path file = appender.currentFile().toPath();
            int cycle = options.rollCycle().toCycle(index);
            if (!active.cycles.containsKey(cycle)) {
                segmentDirDirty = true;
            }
            active.add(cycle, index, zxid, file);
            if (options.forceSync() && !dirtyFiles.containsKey(file)) {
                dirtyFiles.put(file, FileChannel.open(file, StandardOpenOption.READ));
            }
            lastZxid = zxid;
            unsynced = true;
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError is how the JVM reports a SIGBUS on a mapped file, e.g. a full disk.
            failure = e;
            throw new LogFailedException("append of zxid 0x" + Long.toHexString(zxid) + " to " + root + " failed", e);
        }
    }

    private void startSegment(long firstZxid) throws IOException {
        Path dir = root.resolve(Segment.dirName(firstZxid));
        if (Files.exists(dir)) {
            throw new IOException("segment " + dir + " already exists");
        }
        Files.createDirectories(dir);
        activeQueue = Queues.open(dir, options);
        appender = activeQueue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        active = new Segment(dir);
        segments.add(active);
        rootDirDirty = true;
        segmentDirDirty = true;
    }

    @Override
    public synchronized void sync() throws IOException {
        checkWritable();
        if (!options.forceSync() || !unsynced) {
            return;
        }
        try {
            for (Iterator<Map.Entry<Path, FileChannel>> it = dirtyFiles.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Path, FileChannel> e = it.next();
                forcer.force(e.getValue());
                // Only the file being appended to can get dirty again; others are done with.
                if (!e.getKey().equals(appender.currentFile().toPath())) {
                    e.getValue().close();
                    it.remove();
                }
            }
            if (segmentDirDirty) {
                FileSync.fsyncDirectory(active.dir);
                segmentDirDirty = false;
            }
            if (rootDirDirty) {
                FileSync.fsyncDirectory(root);
                rootDirDirty = false;
            }
            unsynced = false;
        } catch (IOException | RuntimeException | InternalError e) {
            failure = e;
            throw new LogFailedException("sync of the transaction log in " + root + " failed", e);
        }
    }

    @Override
    public synchronized long lastZxid() {
        return lastZxid;
    }

    @Override
    public synchronized long firstZxid() {
        return segments.isEmpty() ? 0 : segments.get(0).firstZxid();
    }

    @Override
    public synchronized LogCursor readFrom(long afterZxid) throws IOException {
        checkOpen();
        List<Segment> frozen = new ArrayList<>();
        for (Segment s : segments) {
            if (s.lastZxid() > afterZxid) {
                frozen.add(s.snapshot());
            }
        }
        openCursors++;
        return new ChronicleCursor(this, options, frozen, afterZxid, active == null ? null : active.dir,
                activeQueue);
    }

    synchronized void cursorClosed() {
        openCursors--;
    }

    @Override
    public synchronized void truncateAfter(long zxid) throws IOException {
        checkOpen();
        if (failure != null) {
            throw new LogFailedException("the log failed earlier; reopen it before truncating", failure);
        }
        if (zxid >= lastZxid) {
            return;
        }
        if (openCursors > 0) {
            throw new IllegalStateException(openCursors + " cursor(s) still open on the log; close them first");
        }
        closeActive();
        // Newest first, so a crash at any step leaves a prefix of the old log that holds the new one.
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            if (s.firstZxid() > zxid) {
                retire(root, s.dir);
                segments.remove(i);
            } else {
                if (s.lastZxid() > zxid) {
                    cutSegment(s, zxid);
                }
                break;
            }
        }
        lastZxid = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastZxid();
    }

    /** Reseals {@code s} at its last entry not above {@code zxid}. */
    private void cutSegment(Segment s, long zxid) throws IOException {
        long keepIndex = -1;
        long keepZxid = 0;
        try (ChronicleCursor c = new ChronicleCursor(null, options, List.of(s.snapshot()), 0, null, null)) {
            LogEntry e;
            while ((e = c.next()) != null && e.zxid() <= zxid) {
                keepIndex = c.lastIndex();
                keepZxid = e.zxid();
            }
        }
        if (keepIndex < 0) {
            retire(root, s.dir);
            segments.remove(s);
            return;
        }
        SegmentScanner.forceCycleFiles(s.dir);
        SegmentSeal seal = new SegmentSeal(keepIndex, keepZxid);
        seal.write(s.dir);
        s.seal = seal;
        s.cycles.values().removeIf(span -> span.firstZxid > zxid);
        Segment.CycleSpan last = s.cycles.lastEntry().getValue();
        if (last.lastZxid > zxid) {
            last.lastZxid = keepZxid;
            last.lastIndex = keepIndex;
        }
    }

    @Override
    public synchronized void purgeBefore(long zxid) throws IOException {
        checkOpen();
        boolean touchedActive = false;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean newest = i == segments.size() - 1;
            if (!newest && s.lastZxid() <= zxid) {
                retire(root, s.dir);
                segments.remove(i--);
                continue;
            }
            // Whole cycle files inside the segment; its newest cycle stays, as Chronicle may still write to it.
            Iterator<Segment.CycleSpan> it = s.cycles.values().iterator();
            while (it.hasNext()) {
                Segment.CycleSpan span = it.next();
                if (span.lastZxid > zxid || span == s.cycles.lastEntry().getValue()) {
                    break;
                }
                LOG.info("Purging transaction log file {} (zxids 0x{}..0x{})", span.file,
                        Long.toHexString(span.firstZxid), Long.toHexString(span.lastZxid));
                closeDirty(span.file);
                Files.deleteIfExists(span.file);
                it.remove();
                touchedActive |= s == active;
            }
            if (s.lastZxid() > zxid) {
                break;
            }
        }
        if (touchedActive) {
            activeQueue.refreshDirectoryListing();
        }
    }

    private void closeDirty(Path file) throws IOException {
        FileChannel ch = dirtyFiles.remove(file);
        if (ch != null) {
            ch.close();
        }
    }

    private static void retire(Path root, Path dir) throws IOException {
        Path dead = root.resolve(DEAD_PREFIX + dir.getFileName());
        FileSync.moveAtomically(dir, dead);
        FileSync.fsyncDirectory(root);
        FileSync.deleteRecursively(dead);
    }

    /** Seals the segment being written (forcing it first) and lets go of its queue. */
    private void closeActive() throws IOException {
        if (active == null) {
            return;
        }
        try {
            if (failure == null && !active.isEmpty()) {
                SegmentScanner.forceCycleFiles(active.dir);
                SegmentSeal seal = new SegmentSeal(active.lastIndex(), active.lastZxid());
                seal.write(active.dir);
                active.seal = seal;
                FileSync.fsyncDirectory(root);
            }
        } finally {
            for (FileChannel ch : dirtyFiles.values()) {
                ch.close();
            }
            dirtyFiles.clear();
            appender.close();
            activeQueue.close();
            appender = null;
            activeQueue = null;
            active = null;
        }
    }

    /** Test seam: lets go of every file as a killed process would, sealing nothing. */
    synchronized void crash() throws IOException {
        closed = true;
        failure = new IOException("crashed");
        closeActive();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closeActive();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transaction log " + root + " is closed");
        }
    }

    private void checkWritable() throws LogFailedException {
        checkOpen();
        if (failure != null) {
            throw new LogFailedException("the transaction log in " + root + " failed earlier and refuses writes"
                    + " until reopened", failure);
        }
    }

    @Override
    public String toString() {
        return "TxnLog[" + root + "]";
    }
}
