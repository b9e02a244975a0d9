package io.warden.persistence.log;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Chronicle queue directory of the log. The log writes into a fresh segment after every open and every
 * truncation, and seals the previous one: Chronicle cannot truncate, and after a torn write its appender may put new
 * records where its readers never look, so a queue that saw a crash is only ever read again, never appended to.
 */
final class Segment {
    static final String PREFIX = "seg-";

    /** Entries of one Chronicle cycle (one .cq4 file) inside the segment. */
    static final class CycleSpan {
        final int cycle;
        final long firstIndex;
        final long firstZxid;
        final Path file;
        long lastIndex;
        long lastZxid;

        CycleSpan(int cycle, long firstIndex, long firstZxid, Path file) {
            this.cycle = cycle;
            this.firstIndex = firstIndex;
            this.firstZxid = firstZxid;
            this.file = file;
            this.lastIndex = firstIndex;
            this.lastZxid = firstZxid;
        }

        CycleSpan copy() {
            CycleSpan c = new CycleSpan(cycle, firstIndex, firstZxid, file);
            c.lastIndex = lastIndex;
            c.lastZxid = lastZxid;
            return c;
        }
    }

    final Path dir;
    final TreeMap<Integer, CycleSpan> cycles = new TreeMap<>();
    /** Null while this is the segment being written. */
    SegmentSeal seal;

    Segment(Path dir) {
        this.dir = dir;
    }

    static String dirName(long firstZxid) {
        return String.format("%s%016x", PREFIX, firstZxid);
    }

    boolean isEmpty() {
        return cycles.isEmpty();
    }

    long firstZxid() {
        return cycles.isEmpty() ? 0 : cycles.firstEntry().getValue().firstZxid;
    }

    long lastZxid() {
        return cycles.isEmpty() ? 0 : cycles.lastEntry().getValue().lastZxid;
    }

    long lastIndex() {
        return cycles.isEmpty() ? -1 : cycles.lastEntry().getValue().lastIndex;
    }

    void add(int cycle, long index, long zxid, Path file) {
        CycleSpan span = cycles.get(cycle);
        if (span == null) {
            cycles.put(cycle, new CycleSpan(cycle, index, zxid, file));
        } else {
            span.lastIndex = index;
            span.lastZxid = zxid;
        }
    }

    /** The first cycle holding an entry newer than {@code afterZxid}, or null. */
    CycleSpan firstSpanAfter(long afterZxid) {
        for (CycleSpan s : cycles.values()) {
            if (s.lastZxid > afterZxid) {
                return s;
            }
        }
        return null;
    }

    Path fileOf(int cycle) {
        CycleSpan s = cycles.get(cycle);
        return s == null ? dir : s.file;
    }

    /** A frozen copy for a cursor, so later appends and purges do not move its bounds. */
    Segment snapshot() {
        Segment s = new Segment(dir);
        s.seal = seal;
        for (Map.Entry<Integer, CycleSpan> e : cycles.entrySet()) {
            s.cycles.put(e.getKey(), e.getValue().copy());
        }
        return s;
    }
}
