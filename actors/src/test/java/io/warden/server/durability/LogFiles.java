package io.warden.server.durability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and damages the files of a server's log (dataLogDir/log/seg-<first zxid>/*.cq4 plus a seal), as crashes and
 * bad disks do. A log record is Chronicle's 4-byte header, zxid (8), length (4), payload, CRC (4); the payload is the
 * jute encoding of the txn, which starts with the zxid big-endian, so a txn is found by its zxid.
 */
public final class LogFiles {
    private LogFiles() {
    }

    public static Path logDir(Path dataLogDir) {
        return dataLogDir.resolve("log");
    }

    public static List<Path> segments(Path dataLogDir) throws IOException {
        try (Stream<Path> s = Files.list(logDir(dataLogDir))) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }

    public static List<Path> cycleFiles(Path segment) throws IOException {
        try (Stream<Path> s = Files.list(segment)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    public static Path newestSegment(Path dataLogDir) throws IOException {
        List<Path> segs = segments(dataLogDir);
        return segs.get(segs.size() - 1);
    }

    /**
     * A server stopped cleanly seals its segment; one killed with SIGKILL never does. Removing the seal leaves the
     * files exactly as the kill would have (the records were forced before they were acknowledged).
     */
    public static void unseal(Path segment) throws IOException {
        Files.delete(segment.resolve("seal"));
    }

    /** File offset of the payload of the txn with this zxid (its jute encoding starts with the zxid). */
    public static long payloadOffset(Path file, long zxid) throws IOException {
        byte[] pattern = ByteBuffer.allocate(8).putLong(zxid).array();
        byte[] all = Files.readAllBytes(file);
        outer:
        for (int i = 12; i + pattern.length <= all.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (all[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            // The record header holds the same zxid little-endian just before the length.
            if (ByteBuffer.wrap(all, i - 12, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() == zxid) {
                return i;
            }
        }
        throw new AssertionError("txn 0x" + Long.toHexString(zxid) + " not found in " + file);
    }

    /** Start of the Chronicle record holding the txn whose payload is at {@code payloadOffset}. */
    public static long recordOffset(long payloadOffset) {
        return payloadOffset - 16;
    }

    public static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    public static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    public static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }
}
