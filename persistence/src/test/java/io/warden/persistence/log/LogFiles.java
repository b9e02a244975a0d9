package io.warden.persistence.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds and damages the files of a log, as crashes and bad disks do. */
final class LogFiles {
    private LogFiles() {
    }

    static List<Path> segments(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }

    static List<Path> cycleFiles(Path segment) throws IOException {
        try (Stream<Path> s = Files.list(segment)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    static Path lastCycleFile(Path root) throws IOException {
        List<Path> segs = segments(root);
        List<Path> files = cycleFiles(segs.get(segs.size() - 1));
        return files.get(files.size() - 1);
    }

    /** A payload no other entry shares, so its bytes can be found in the file. */
    static byte[] payload(long zxid) {
        byte[] p = new byte[64];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (zxid * 31 + i * 7 + 1);
        }
        p[0] = (byte) 0xAB;
        p[1] = (byte) zxid;
        p[2] = (byte) (zxid >>> 8);
        return p;
    }

    /** Offset of the first occurrence of {@code pattern} in {@code file}. */
    static long find(Path file, byte[] pattern) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            int chunk = 1 << 20;
            byte[] buf = new byte[chunk + pattern.length];
            long base = 0;
            while (base < raf.length()) {
                raf.seek(base);
                int n = raf.read(buf, 0, buf.length);
                outer:
                for (int i = 0; i + pattern.length <= n; i++) {
                    for (int j = 0; j < pattern.length; j++) {
                        if (buf[i + j] != pattern[j]) {
                            continue outer;
                        }
                    }
                    return base + i;
                }
                base += chunk;
            }
        }
        throw new AssertionError("pattern not found in " + file);
    }

    static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    static void zero(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(new byte[length]);
        }
    }

    static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }
}
