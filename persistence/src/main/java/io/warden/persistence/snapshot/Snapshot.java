package io.warden.persistence.snapshot;

import java.nio.file.Path;

/** A snapshot read back and checked: the state as of {@code zxid}, and the file it came from. */
public record Snapshot(long zxid, byte[] content, Path file) {
}
