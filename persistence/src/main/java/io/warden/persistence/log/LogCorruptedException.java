package io.warden.persistence.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log holds a damaged record that is not at its tail, so it cannot be cut off without losing entries that were
 * acknowledged. The server must stop: an operator restores the data directory or resynchronises from a peer.
 */
public final class LogCorruptedException extends IOException {
    private final Path file;
    private final long index;
    private final long offset;

    public LogCorruptedException(Path file, long index, long offset, String reason) {
        super("transaction log corrupted in " + file + " at index 0x" + Long.toHexString(index)
                + (offset >= 0 ? " (file offset " + offset + ")" : "") + ": " + reason);
        this.file = file;
        this.index = index;
        this.offset = offset;
    }

    /** The Chronicle cycle file (or seal file) holding the damage. */
    public Path file() {
        return file;
    }

    /** Chronicle index of the damaged record (cycle and sequence number in one long). */
    public long index() {
        return index;
    }

    /** Byte offset of the record in {@link #file()}, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
