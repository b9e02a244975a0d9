package io.warden.persistence.pekko;

import com.typesafe.config.Config;
import io.warden.persistence.snapshot.SnapshotCorruptedException;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.serialization.Snapshot;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import scala.concurrent.Future;

/**
 * A Pekko Persistence snapshot store on {@link SnapshotStore}: one directory per persistence id, one checksummed file
 * per snapshot named by its sequence number, holding the timestamp and the snapshot serialized by Pekko. A corrupt
 * snapshot is skipped (with the warning {@link SnapshotStore} logs) and an older one loaded, as Pekko's local store
 * does.
 *
 * <pre>
 * pekko.persistence.snapshot-store.plugin = "warden.snapshot-store"
 * warden.snapshot-store {
 *   class = "io.warden.persistence.pekko.WardenSnapshotStore"
 *   dir = "data/snapshots"
 * }
 * </pre>
 */
public final class WardenSnapshotStore extends org.apache.pekko.persistence.snapshot.japi.SnapshotStore {
    private final Path root;
    private final Map<String, SnapshotStore> stores = new HashMap<>();
    private final Serializer serializer;

    public WardenSnapshotStore(Config config) throws java.io.NotSerializableException {
        this.root = Path.of(config.getString("dir")).toAbsolutePath();
        Serialization serialization = SerializationExtension.get(context().system());
        this.serializer = serialization.serializerFor(Snapshot.class);
    }

    private SnapshotStore storeFor(String persistenceId) throws IOException {
        SnapshotStore s = stores.get(persistenceId);
        if (s == null) {
            s = new SnapshotStore(PluginDirs.forPersistenceId(root, persistenceId));
            stores.put(persistenceId, s);
        }
        return s;
    }

    private record Loaded(long timestamp, byte[] data) {
    }

    private static Loaded decode(byte[] content) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        long ts = buf.getLong();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return new Loaded(ts, data);
    }

    private static boolean matches(SnapshotSelectionCriteria c, long seq, long ts) {
        return seq >= c.minSequenceNr() && seq <= c.maxSequenceNr() && ts >= c.minTimestamp()
                && ts <= c.maxTimestamp();
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            SnapshotStore store = storeFor(persistenceId);
            for (SnapshotFile f : store.list()) {
                if (f.zxid() > criteria.maxSequenceNr() || f.zxid() < criteria.minSequenceNr()) {
                    continue;
                }
                Loaded l;
                try {
                    l = decode(SnapshotStore.load(f).content());
                } catch (SnapshotCorruptedException e) {
                    context().system().log().warning("Skipping corrupt snapshot: {}", e.getMessage());
                    continue;
                }
                if (!matches(criteria, f.zxid(), l.timestamp())) {
                    continue;
                }
                Snapshot s = (Snapshot) serializer.fromBinary(l.data(), Snapshot.class);
                return Futures.successful(Optional.of(SelectedSnapshot.create(
                        SnapshotMetadata.apply(persistenceId, f.zxid(), l.timestamp()), s.data())));
            }
            return Futures.successful(Optional.empty());
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        try {
            byte[] data = serializer.toBinary(new Snapshot(snapshot));
            byte[] content = ByteBuffer.allocate(8 + data.length).putLong(metadata.timestamp()).put(data).array();
            storeFor(metadata.persistenceId()).write(metadata.sequenceNr(), content);
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        try {
            SnapshotStore store = storeFor(metadata.persistenceId());
            for (SnapshotFile f : store.list()) {
                if (f.zxid() == metadata.sequenceNr()) {
                    store.delete(f);
                }
            }
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        try {
            SnapshotStore store = storeFor(persistenceId);
            for (SnapshotFile f : store.list()) {
                if (f.zxid() > criteria.maxSequenceNr() || f.zxid() < criteria.minSequenceNr()) {
                    continue;
                }
                long ts;
                try {
                    ts = decode(SnapshotStore.load(f).content()).timestamp();
                } catch (SnapshotCorruptedException e) {
                    ts = Files.getLastModifiedTime(f.path()).toMillis(); // best guess for a file we cannot read
                }
                if (matches(criteria, f.zxid(), ts)) {
                    store.delete(f);
                }
            }
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }
}
