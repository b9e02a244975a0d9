package io.warden.persistence.pekko;

import com.typesafe.config.Config;
import io.warden.persistence.FileSync;
import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Pekko Persistence journal on {@link TxnLog}: one log per persistence id, the sequence number as the zxid, the
 * {@link PersistentRepr} serialized by Pekko as the payload. Each batch of writes is appended and then synced once
 * per persistence id before it is confirmed. Deletion records the highest deleted sequence number in a small file
 * (replay skips up to it) and lets the log purge the files that hold only deleted entries.
 *
 * <pre>
 * pekko.persistence.journal.plugin = "warden.journal"
 * warden.journal {
 *   class = "io.warden.persistence.pekko.WardenJournal"
 *   dir = "data/journal"
 *   force-sync = on
 * }
 * </pre>
 * The plugin blocks on fsync in its own actor; the plugin dispatcher (Pekko's default plugin dispatcher unless
 * {@code plugin-dispatcher} says otherwise) should be one that may block. A write is confirmed only after its sync
 * returned, so a persistent actor's handler runs only for events on the device; the writes of one batch share a sync
 * per persistence id (Pekko hands a journal one actor's batch at a time, so this is per actor, not across actors).
 */
public class WardenJournal extends AsyncWriteJournal {
    private static final String DELETED_TO = "deleted-to";

    private record PidLog(Path dir, TxnLog log, long[] deletedTo) {
    }

    private final Path root;
    private final LogOptions options;
    /** Replays run in future callbacks, which a plugin dispatcher of several threads may run beside a write. */
    private final Map<String, PidLog> logs = new ConcurrentHashMap<>();
    private final Serializer serializer;

    public WardenJournal(Config config) throws java.io.NotSerializableException {
        this.root = Path.of(config.getString("dir")).toAbsolutePath();
        boolean forceSync = !config.hasPath("force-sync") || config.getBoolean("force-sync");
        this.options = LogOptions.defaults().withForceSync(forceSync);
        Serialization serialization = SerializationExtension.get(context().system());
        this.serializer = serialization.serializerFor(PersistentRepr.class);
    }

    /** Opens the log of one persistence id; tests wrap it to watch or break the disk. */
    protected TxnLog openLog(Path dir, LogOptions options) throws IOException {
        return TxnLog.open(dir, options);
    }

    private synchronized PidLog logFor(String persistenceId) throws IOException {
        PidLog l = logs.get(persistenceId);
        if (l == null) {
            Path dir = PluginDirs.forPersistenceId(root, persistenceId);
            TxnLog log = openLog(dir.resolve("log"), options);
            long deleted = 0;
            Path marker = dir.resolve(DELETED_TO);
            if (Files.exists(marker)) {
                deleted = ByteBuffer.wrap(Files.readAllBytes(marker)).getLong();
            }
            l = new PidLog(dir, log, new long[] {deleted});
            logs.put(persistenceId, l);
        }
        return l;
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> results = new ArrayList<>();
        Set<PidLog> touched = new LinkedHashSet<>();
        try {
            for (AtomicWrite write : messages) {
                List<PersistentRepr> reprs = CollectionConverters.asJava(write.payload());
                List<byte[]> encoded = new ArrayList<>(reprs.size());
                try {
                    for (PersistentRepr r : reprs) {
                        encoded.add(serializer.toBinary(r));
                    }
                } catch (Exception e) { // Pekko's serializers throw NotSerializableException unchecked
                    results.add(Optional.of(e)); // rejected: the actor is told, the journal goes on
                    continue;
                }
                PidLog l = logFor(write.persistenceId());
                for (int i = 0; i < reprs.size(); i++) {
                    l.log().append(reprs.get(i).sequenceNr(), encoded.get(i));
                }
                touched.add(l);
                results.add(Optional.empty());
            }
            for (PidLog l : touched) {
                l.log().sync();
            }
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
        return Futures.successful(results);
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        try {
            PidLog l = logFor(persistenceId);
            long to = Math.min(toSequenceNr, l.log().lastZxid());
            if (to > l.deletedTo()[0]) {
                Files.createDirectories(l.dir());
                FileSync.writeAtomically(l.dir().resolve(DELETED_TO), ByteBuffer.allocate(8).putLong(to).array());
                l.deletedTo()[0] = to;
                l.log().purgeBefore(to);
            }
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        try {
            PidLog l = logFor(persistenceId);
            long after = Math.max(fromSequenceNr - 1, l.deletedTo()[0]);
            long count = 0;
            try (LogCursor c = l.log().readFrom(after)) {
                LogEntry e;
                while (count < max && (e = c.next()) != null && e.zxid() <= toSequenceNr) {
                    replayCallback.accept((PersistentRepr) serializer.fromBinary(e.payload(), PersistentRepr.class));
                    count++;
                }
            }
            return Futures.successful(null);
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        try {
            PidLog l = logFor(persistenceId);
            return Futures.successful(Math.max(l.log().lastZxid(), l.deletedTo()[0]));
        } catch (IOException | RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public void postStop() throws Exception {
        IOException first = null;
        for (PidLog l : logs.values()) {
            try {
                l.log().close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        logs.clear();
        super.postStop();
        if (first != null) {
            throw first;
        }
    }
}
