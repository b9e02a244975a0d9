package io.warden.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds an exclusive lock on a data directory for as long as a server uses it, so two servers never write the same
 * log. The operating system drops the lock when the process dies, so a crash never leaves it stuck.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE = "warden.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dataDir} (creating it), or fails naming the directory and the process that holds it. */
    public static DataDirLock acquire(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch, file);
            ch.close();
            throw new IOException("data directory " + dir + " is in use by another Warden server" + holder
                    + "; two servers must not share a data directory");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(true);
        return new DataDirLock(dir, ch, lock);
    }

    private static String holder(FileChannel ch, Path file) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = ch.read(buf, 0);
            String pid = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + " holds " + file + ")";
        } catch (IOException e) {
            return "";
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
