package io.warden.server.storage;

import io.warden.persistence.Purger;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots through a {@link SnapshotStore}, then runs the {@link Purger} if there is one. It blocks on file
 * I/O for as long as a snapshot takes, so spawn it on {@code warden.snapshot-dispatcher}, not on the storage
 * dispatcher, where a large snapshot would hold up every log sync behind it. A failed write is reported and
 * logged; the server goes on, as the log still holds everything since the previous snapshot.
 */
public final class SnapshotWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    public sealed interface Command {
    }

    /** Write the state as of {@code zxid}; {@code replyTo} may be null when nobody waits for the outcome. */
    public record Write(long zxid, byte[] content, ActorRef<Result> replyTo) implements Command {
    }

    public sealed interface Result {
    }

    public record Written(long zxid, Path file) implements Result {
    }

    public record WriteFailed(long zxid, String reason) implements Result {
    }

    private SnapshotWriter() {
    }

    public static Behavior<Command> create(SnapshotStore store, Optional<Purger> purger) {
        return Behaviors.receive(Command.class)
                .onMessage(Write.class, w -> {
                    Result result;
                    try {
                        Path file = store.write(w.zxid(), w.content());
                        LOG.info("Snapshot of zxid 0x{} written to {}", Long.toHexString(w.zxid()), file);
                        result = new Written(w.zxid(), file);
                    } catch (IOException | RuntimeException e) {
                        LOG.error("Writing the snapshot of zxid 0x{} failed", Long.toHexString(w.zxid()), e);
                        result = new WriteFailed(w.zxid(), String.valueOf(e.getMessage()));
                    }
                    if (result instanceof Written && purger.isPresent()) {
                        try {
                            purger.get().purge();
                        } catch (IOException | RuntimeException e) {
                            LOG.warn("Purging old snapshots and log files failed; will try after the next snapshot", e);
                        }
                    }
                    if (w.replyTo() != null) {
                        w.replyTo().tell(result);
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
