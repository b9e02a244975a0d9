package io.warden.persistence.snapshot;

import java.nio.file.Path;

/** A snapshot file found in the directory, not yet read. */
public record SnapshotFile(long zxid, Path path) {
}
