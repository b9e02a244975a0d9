package io.warden.server.replication;

import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Zab's two durable promises of a server: the newest epoch it accepted (it will follow no older leader) and the epoch
 * whose history its log holds. Each write replaces the file atomically and is synced before it returns, because a
 * server that forgets a promise after a crash can help elect two leaders for one epoch.
 */
public final class EpochStore {
    private final Path file;
    private long accepted;
    private long current;

    private EpochStore(Path file, long accepted, long current) {
        this.file = file;
        this.accepted = accepted;
        this.current = current;
    }

    public static EpochStore open(Path dataDir) throws IOException {
        Path file = dataDir.resolve("epochs");
        if (!Files.exists(file)) {
            return new EpochStore(file, 0, 0);
        }
        String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new EpochStore(file, Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is damaged: expected 'acceptedEpoch currentEpoch'");
        }
    }

    public long accepted() {
        return accepted;
    }

    public long current() {
        return current;
    }

    public void saveAccepted(long epoch) throws IOException {
        write(epoch, current);
        accepted = epoch;
    }

    public void saveCurrent(long epoch) throws IOException {
        write(accepted, epoch);
        current = epoch;
    }

    private void write(long a, long c) throws IOException {
        FileSync.writeAtomically(file, (a + " " + c + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
