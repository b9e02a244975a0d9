package io.warden.persistence.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file that fails its checks; {@link #offset()} is where in the file the check failed. */
public final class SnapshotCorruptedException extends IOException {
    private final Path file;
    private final long offset;

    public SnapshotCorruptedException(Path file, long offset, String reason) {
        super("snapshot " + file + " is corrupt at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public SnapshotCorruptedException(String message, SnapshotCorruptedException newest) {
        super(message, newest);
        this.file = newest.file;
        this.offset = newest.offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
