package io.warden.server.replication;

import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The epochs file of releases before the epochs were event sourced: {@code dataDir/epochs} holding
 * "acceptedEpoch currentEpoch". Its name is now the epochs' journal directory, so a start first renames it aside;
 * its epochs are adopted by {@link Epochs} and only then is it deleted. A crash at any step leaves either the file
 * or the adopted events, so nothing promised is forgotten.
 */
public final class LegacyEpochFile {
    static final String NAME = "epochs";
    static final String ASIDE = "epochs.legacy";

    private LegacyEpochFile() {
    }

    /** The directory for the epochs' journal and snapshots. */
    public static Path epochsDir(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** Moves an old epochs file out of the journal's way and reads it; empty when there is none. */
    public static Optional<Epochs.Promises> setAside(Path dataDir) throws IOException {
        Path old = dataDir.resolve(NAME);
        Path aside = dataDir.resolve(ASIDE);
        if (Files.isRegularFile(old)) {
            FileSync.moveAtomically(old, aside);
            FileSync.fsyncDirectory(dataDir);
        }
        if (!Files.exists(aside)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(aside, StandardCharsets.US_ASCII).trim().split("\\s+");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return Optional.of(new Epochs.Promises(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            throw new IOException(aside + " is damaged: expected 'acceptedEpoch currentEpoch'");
        }
    }

    /** Deletes the old file once its epochs are durable in the journal. */
    public static void adopted(Path dataDir) throws IOException {
        if (Files.deleteIfExists(dataDir.resolve(ASIDE))) {
            FileSync.fsyncDirectory(dataDir);
        }
    }
}
