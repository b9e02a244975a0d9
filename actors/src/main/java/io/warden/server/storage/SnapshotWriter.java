package io.warden.server.storage;

import io.warden.persistence.Purger;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes and writes snapshots through a {@link SnapshotStore}, and runs ZooKeeper's autopurge on its interval.
 * It blocks for as long as a snapshot takes, so spawn it on {@code warden.snapshot-dispatcher}, not on the storage
 * dispatcher, where a large snapshot would hold up every log sync behind it. Purging here, between writes, means a
 * purge never races a snapshot being written. A failed write is reported and logged; the server goes on, as the
 * log still holds everything since the previous snapshot.
 */
public final class SnapshotWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    public sealed interface Command {
    }

    /**
     * Write the state as of {@code zxid}, serialized here by {@code content}; {@code replyTo} may be null when nobody
     * waits for the outcome; {@code finished} runs once the content is no longer needed, whatever the outcome.
     */
    public record Write(long zxid, Supplier<byte[]> content, ActorRef<Result> replyTo, Runnable finished)
            implements Command {
        public Write(long zxid, byte[] content, ActorRef<Result> replyTo) {
            this(zxid, () -> content, replyTo, () -> { });
        }
    }

    private enum PurgeDue implements Command {
        INSTANCE
    }

    public sealed interface Result {
    }

    public record Written(long zxid, Path file) implements Result {
    }

    public record WriteFailed(long zxid, String reason) implements Result {
    }

    /** autopurge.purgeInterval with the Purger that keeps autopurge.snapRetainCount snapshots. */
    public record AutoPurge(Purger purger, Duration interval) {
        public AutoPurge {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("purge interval must be positive: " + interval);
            }
        }
    }

    private SnapshotWriter() {
    }

    /** With an autopurge, purges at once and then every interval, as ZooKeeper's DatadirCleanupManager does. */
    public static Behavior<Command> create(SnapshotStore store, Optional<AutoPurge> autoPurge) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            autoPurge.ifPresent(p -> {
                purge(p.purger());
                timers.startTimerAtFixedRate(PurgeDue.INSTANCE, p.interval());
            });
            return Behaviors.receive(Command.class)
                    .onMessage(Write.class, w -> {
                        write(store, w);
                        return Behaviors.same();
                    })
                    .onMessageEquals(PurgeDue.INSTANCE, () -> {
                        autoPurge.ifPresent(p -> purge(p.purger()));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static void write(SnapshotStore store, Write w) {
        Result result;
        try {
            Path file = store.write(w.zxid(), w.content().get());
            LOG.info("Snapshot of zxid 0x{} written to {}", Long.toHexString(w.zxid()), file);
            result = new Written(w.zxid(), file);
        } catch (IOException | RuntimeException e) {
            LOG.error("Writing the snapshot of zxid 0x{} failed", Long.toHexString(w.zxid()), e);
            result = new WriteFailed(w.zxid(), String.valueOf(e.getMessage()));
        } finally {
            w.finished().run();
        }
        if (w.replyTo() != null) {
            w.replyTo().tell(result);
        }
    }

    private static void purge(Purger purger) {
        try {
            Purger.Result r = purger.purge();
            LOG.info("Autopurge deleted {} snapshots; log kept from zxid 0x{}", r.snapshotsDeleted(),
                    Long.toHexString(r.logPurgedBefore()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Purging old snapshots and log files failed; will try again at the next interval", e);
        }
    }
}
