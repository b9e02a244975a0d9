package io.warden.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The few file-system steps that make a write survive a power cut; shared by the log and the snapshots. */
public final class FileSync {
    private FileSync() {
    }

    /**
     * Forces a directory's entries to the device, so a file created, renamed or deleted in it stays so after a
     * crash. Linux allows fsync on a directory opened read-only; platforms that refuse it get no guarantee.
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
                return; // Windows cannot open a directory as a channel; NTFS journals metadata itself.
            }
            throw e;
        }
    }

    /**
     * Writes {@code content} so that {@code target} holds either its old content or all of the new one, never a mix:
     * temp file, fsync, atomic rename, fsync of the directory.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        moveAtomically(tmp, target);
        fsyncDirectory(dir);
    }

    /** Renames within one directory tree; fails rather than fall back to a non-atomic copy. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    /** Deletes a directory tree (files first); a no-op when it does not exist. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
