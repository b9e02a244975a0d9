package io.warden.persistence.log;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a segment from start to end when the log opens, checking every record. A sealed segment must be whole up to
 * its seal. An unsealed one (the log crashed while writing it) may end in damaged records, which are a torn tail:
 * they are cut off by sealing the segment before them. Damage followed by a good record is corruption.
 */
final class SegmentScanner {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentScanner.class);

    private record Bad(Path file, long index, long offset, long claimedZxid, String problem) {
        LogCorruptedException corrupted(String more) {
            return new LogCorruptedException(file, index, offset, problem + more);
        }
    }

    private SegmentScanner() {
    }

    static Segment scan(Path dir, LogOptions options, long previousZxid) throws IOException {
        Segment seg = new Segment(dir);
        SegmentSeal seal = SegmentSeal.read(dir).orElse(null);
        seg.seal = seal;
        Bad firstBad = null;
        long lastSeenIndex = -1;
        long prev = previousZxid;
        long chronicleLast;
        try (SingleChronicleQueue q = Queues.open(dir, options); ExcerptTailer t = q.createTailer()) {
            t.singleThreadedCheckDisabled(true);
            while (true) {
                long index;
                Path file;
                long offset;
                RecordCodec.Decoded d;
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    index = dc.index();
                    if (seal != null && index > seal.lastIndex()) {
                        break;
                    }
                    file = currentFile(t, dir);
                    offset = dc.wire().bytes().readPosition() - 4;
                    d = RecordCodec.read(dc.wire().bytes());
                } catch (RuntimeException e) {
                    // Chronicle could not frame the record at all; nothing after it can be read.
                    if (firstBad == null) {
                        firstBad = new Bad(currentFile(t, dir), t.index(), -1, -1, "unreadable record: " + e);
                    }
                    lastSeenIndex = Math.max(lastSeenIndex, t.index());
                    break;
                }
                lastSeenIndex = index;
                if (d.entry() == null) {
                    if (firstBad == null) {
                        firstBad = new Bad(file, index, offset, d.claimedZxid(), d.problem());
                    }
                    continue;
                }
                if (firstBad != null) {
                    throw firstBad.corrupted(", and a valid record follows at index 0x" + Long.toHexString(index));
                }
                long zxid = d.entry().zxid();
                if (zxid <= prev) {
                    throw new LogCorruptedException(file, index, offset, "zxid 0x" + Long.toHexString(zxid)
                            + " does not follow 0x" + Long.toHexString(prev));
                }
                prev = zxid;
                seg.add(options.rollCycle().toCycle(index), index, zxid, file);
            }
            chronicleLast = q.lastIndex();
        }
        if (seal != null) {
            if (firstBad != null) {
                throw firstBad.corrupted(" (inside the sealed part of the segment)");
            }
            if (seg.lastIndex() != seal.lastIndex() || seg.lastZxid() != seal.lastZxid()) {
                throw new LogCorruptedException(seg.isEmpty() ? dir : seg.fileOf(seg.cycles.lastKey()),
                        seg.lastIndex() + 1, -1, "segment is sealed at index 0x" + Long.toHexString(seal.lastIndex())
                                + " zxid 0x" + Long.toHexString(seal.lastZxid()) + " but its records end at zxid 0x"
                                + Long.toHexString(seg.lastZxid()));
            }
            return seg;
        }
        if (chronicleLast > lastSeenIndex && chronicleLast >= 0) {
            Path file = seg.isEmpty() ? dir : seg.fileOf(seg.cycles.lastKey());
            throw new LogCorruptedException(file, lastSeenIndex, -1, "Chronicle indexes records up to index 0x"
                    + Long.toHexString(chronicleLast) + " but reading stops after index 0x"
                    + Long.toHexString(lastSeenIndex) + ": a record header in between is damaged");
        }
        if (firstBad != null) {
            LOG.warn("Cutting torn tail of transaction log: {} from index 0x{} (file offset {}, claimed zxid 0x{}): {};"
                            + " the log now ends at zxid 0x{}", firstBad.file(), Long.toHexString(firstBad.index()),
                    firstBad.offset(), Long.toHexString(firstBad.claimedZxid()), firstBad.problem(),
                    Long.toHexString(seg.isEmpty() ? previousZxid : seg.lastZxid()));
        }
        if (!seg.isEmpty()) {
            // The records were read from the page cache; put them on the device before the seal vouches for them.
            forceCycleFiles(dir);
            seg.seal = new SegmentSeal(seg.lastIndex(), seg.lastZxid());
            seg.seal.write(dir);
        }
        return seg;
    }

    private static Path currentFile(ExcerptTailer t, Path dir) {
        File f = t.currentFile();
        return f == null ? dir : f.toPath();
    }

    static void forceCycleFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ch.force(false);
            }
        }
    }
}
