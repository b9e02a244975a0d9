package io.warden.persistence.snapshot;

import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the server state in one directory, one file each: {@code snapshot.<zxid in hex>}, as ZooKeeper names
 * them. A file is: magic, format version, zxid, content length, content, CRC32 of everything before it. It is written
 * to a temp file, forced, renamed into place and the directory forced, so a crash leaves no half snapshot under a
 * real name. Safe for one writer and any number of readers.
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    static final int MAGIC = 0x57534E50; // "WSNP"
    static final int VERSION = 1;
    static final int HEADER = 4 + 4 + 8 + 8;
    static final String PREFIX = "snapshot.";
    /**
     * The most a single read or write of a heap buffer moves: the JDK moves a heap buffer through a temporary direct
     * buffer as large as the read or write and keeps it for the thread, which for a whole snapshot is its size again.
     */
    private static final int IO_SLICE = 1 << 20;
    private static final Pattern NAME = Pattern.compile("snapshot\\.([0-9a-f]{1,16})");

    private final Path dir;

    /** Opens the store in {@code dir}, creating it, and removes temp files a crash left behind. */
    public SnapshotStore(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir);
        try (Stream<Path> s = Files.list(this.dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public Path directory() {
        return dir;
    }

    /** Writes the snapshot of the state as of {@code zxid}; returns once it is durable under its final name. */
    public Path write(long zxid, byte[] content) throws IOException {
        Path target = dir.resolve(PREFIX + Long.toHexString(zxid));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.putInt(MAGIC).putInt(VERSION).putLong(zxid).putLong(content.length).flip();
        CRC32 crc = new CRC32();
        crc.update(header.duplicate());
        crc.update(content);
        ByteBuffer trailer = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, header);
            writeFully(ch, ByteBuffer.wrap(content));
            writeFully(ch, trailer);
            ch.force(true);
        }
        FileSync.moveAtomically(tmp, target);
        FileSync.fsyncDirectory(dir);
        return target;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.write(buf.slice(buf.position(), Math.min(buf.remaining(), IO_SLICE)));
            buf.position(buf.position() + n);
        }
    }

    /** The snapshot files present, newest (highest zxid) first. */
    public List<SnapshotFile> list() throws IOException {
        List<SnapshotFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    out.add(new SnapshotFile(Long.parseUnsignedLong(m.group(1), 16), p));
                }
            }
        }
        out.sort(Comparator.comparingLong(SnapshotFile::zxid).reversed());
        return out;
    }

    /**
     * Reads one snapshot and checks it whole. The content is read straight into the array the snapshot hands out:
     * reading the whole file and copying the content out of it cost a second array of the snapshot's size (100 MB at
     * 1M znodes) and its page faults on every restart.
     */
    public static Snapshot load(SnapshotFile f) throws IOException {
        Path file = f.path();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER + 4) {
                throw new SnapshotCorruptedException(file, size, "file of " + size
                        + " bytes is shorter than a snapshot header");
            }
            ByteBuffer header = readFully(file, ch, ByteBuffer.allocate(HEADER), 0);
            int magic = header.getInt();
            if (magic != MAGIC) {
                throw new SnapshotCorruptedException(file, 0, String.format("bad magic %08x", magic));
            }
            int version = header.getInt();
            if (version != VERSION) {
                throw new SnapshotCorruptedException(file, 4, "unsupported format version " + version);
            }
            long zxid = header.getLong();
            if (zxid != f.zxid()) {
                throw new SnapshotCorruptedException(file, 8, "header says zxid 0x" + Long.toHexString(zxid)
                        + " but the file name says 0x" + Long.toHexString(f.zxid()));
            }
            long length = header.getLong();
            if (length != size - HEADER - 4L) {
                throw new SnapshotCorruptedException(file, 16, "header says " + length + " bytes of content, the file"
                        + " holds " + (size - HEADER - 4L));
            }
            byte[] content = new byte[Math.toIntExact(length)];
            readFully(file, ch, ByteBuffer.wrap(content), HEADER);
            int stored = readFully(file, ch, ByteBuffer.allocate(4), size - 4).getInt();
            CRC32 crc = new CRC32();
            crc.update(header.flip());
            crc.update(content);
            if (stored != (int) crc.getValue()) {
                throw new SnapshotCorruptedException(file, size - 4, String.format(
                        "CRC mismatch (stored %08x, computed %08x)", stored, (int) crc.getValue()));
            }
            return new Snapshot(zxid, content, file);
        }
    }

    /** Fills {@code buf} from {@code position}, flipped for reading; the size was checked, so EOF means it shrank. */
    private static ByteBuffer readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            ByteBuffer slice = buf.slice(buf.position(), Math.min(buf.remaining(), IO_SLICE));
            int n = ch.read(slice, at);
            if (n < 0) {
                throw new IOException(file + " ended at byte " + at + " while it was being read");
            }
            buf.position(buf.position() + n);
            at += n;
        }
        return buf.flip();
    }

    /**
     * The newest snapshot that passes its checks. A corrupt newer one is skipped with a warning. Empty when there is
     * no snapshot at all; {@link SnapshotCorruptedException} (naming the newest) when there are some and none is valid.
     */
    public Optional<Snapshot> loadNewestValid() throws IOException {
        List<SnapshotFile> files = list();
        SnapshotCorruptedException newestProblem = null;
        for (SnapshotFile f : files) {
            try {
                return Optional.of(load(f));
            } catch (SnapshotCorruptedException e) {
                LOG.warn("Skipping corrupt snapshot: {}", e.getMessage());
                if (newestProblem == null) {
                    newestProblem = e;
                }
            }
        }
        if (newestProblem != null) {
            throw new SnapshotCorruptedException("none of the " + files.size() + " snapshots in " + dir
                    + " is valid; newest: " + newestProblem.getMessage(), newestProblem);
        }
        return Optional.empty();
    }

    /** Deletes all but the newest {@code retainCount} snapshot files, valid or not; returns how many it deleted. */
    public int purge(int retainCount) throws IOException {
        if (retainCount < 1) {
            throw new IllegalArgumentException("retainCount must be at least 1, was " + retainCount);
        }
        List<SnapshotFile> files = list();
        int deleted = 0;
        for (SnapshotFile f : files.subList(Math.min(retainCount, files.size()), files.size())) {
            delete(f);
            deleted++;
        }
        return deleted;
    }

    /** Deletes one snapshot file. */
    public void delete(SnapshotFile f) throws IOException {
        LOG.info("Purging snapshot {}", f.path());
        Files.deleteIfExists(f.path());
    }
}
