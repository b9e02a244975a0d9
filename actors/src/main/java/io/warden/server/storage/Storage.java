package io.warden.server.storage;

import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Owns the transaction log: appends entries and makes them durable with group commit. Each {@link Append} is written
 * at once; the first append of a batch sends this actor a {@code Flush}, which queues behind every message already in
 * the mailbox, so one sync covers all appends that arrived meanwhile (those arriving during the sync go into the next
 * batch). After the sync each sender hears {@link Logged} with its highest zxid of the batch. It blocks on fsync, so
 * spawn it on the dispatcher {@code warden.storage-dispatcher} (see warden-storage.conf).
 *
 * <p>Once a write or sync fails, the log cannot say what reached the disk, so every later request is answered
 * {@link StorageFailed}; recovery is a restart, which reopens the log.
 */
public final class Storage extends AbstractBehavior<Storage.Command> {

    public sealed interface Command {
    }

    /** Log {@code entry} under {@code zxid} (greater than every zxid before); answered {@link Logged} once durable. */
    public record Append(long zxid, byte[] entry, ActorRef<Event> replyTo) implements Command {
    }

    /**
     * Durably drop every entry above {@code zxid}; answered {@link Truncated}. Appends sent before it are made durable
     * (and answered) first.
     */
    public record TruncateAfter(long zxid, ActorRef<Event> replyTo) implements Command {
    }

    /** Read up to {@code max} entries above {@code afterZxid}; answered {@link Entries}. Page by calling again. */
    public record ReadFrom(long afterZxid, int max, ActorRef<Event> replyTo) implements Command {
    }

    private record Flush() implements Command {
    }

    public sealed interface Event {
    }

    /** Every entry up to {@code zxid} that this receiver sent is durable. */
    public record Logged(long zxid) implements Event {
    }

    /** The append of {@code zxid} (or the request about it) was refused, as is everything after it. */
    public record StorageFailed(long zxid, String reason) implements Event {
    }

    /**
     * Entries up to {@code zxid} from that sender were appended but the log failed before it could say they are
     * durable: they may or may not survive a restart. Nobody may be told they failed, nor that they succeeded.
     */
    public record OutcomeUnknown(long zxid, String reason) implements Event {
    }

    /** The log now ends at {@code lastZxid} (at most the requested zxid). */
    public record Truncated(long lastZxid) implements Event {
    }

    /** Entries in zxid order; {@code end} when there are no more after the last of them. */
    public record Entries(List<LogEntry> entries, boolean end) implements Event {
    }

    public static Behavior<Command> create(TxnLog log) {
        return Behaviors.setup(ctx -> new Storage(ctx, log));
    }

    private final TxnLog log;
    /** Highest zxid appended but not yet synced, per sender, in arrival order. */
    private final Map<ActorRef<Event>, Long> pending = new LinkedHashMap<>();
    private boolean flushQueued;
    private String failure;

    private Storage(ActorContext<Command> ctx, TxnLog log) {
        super(ctx);
        this.log = log;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Append.class, this::onAppend)
                .onMessage(Flush.class, f -> onFlush())
                .onMessage(TruncateAfter.class, this::onTruncate)
                .onMessage(ReadFrom.class, this::onRead)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onAppend(Append a) {
        if (failure != null) {
            a.replyTo().tell(new StorageFailed(a.zxid(), failure));
            return this;
        }
        try {
            log.append(a.zxid(), a.entry());
        } catch (IOException | RuntimeException e) {
            fail("append of zxid 0x" + Long.toHexString(a.zxid()) + " failed: " + e.getMessage(), e);
            a.replyTo().tell(new StorageFailed(a.zxid(), failure));
            return this;
        }
        pending.merge(a.replyTo(), a.zxid(), Math::max);
        if (!flushQueued) {
            flushQueued = true;
            getContext().getSelf().tell(new Flush());
        }
        return this;
    }

    private Behavior<Command> onFlush() {
        flushQueued = false;
        flush();
        return this;
    }

    /** Syncs what is pending and answers its senders. */
    private void flush() {
        if (pending.isEmpty() || failure != null) {
            return;
        }
        try {
            log.sync();
        } catch (IOException | RuntimeException e) {
            fail("sync failed: " + e.getMessage(), e);
            return;
        }
        pending.forEach((replyTo, zxid) -> replyTo.tell(new Logged(zxid)));
        pending.clear();
    }

    private void fail(String reason, Exception cause) {
        failure = reason;
        getContext().getLog().error("The transaction log failed; refusing every further request", cause);
        pending.forEach((replyTo, zxid) -> replyTo.tell(new OutcomeUnknown(zxid, reason)));
        pending.clear();
    }

    private Behavior<Command> onTruncate(TruncateAfter t) {
        flush();
        if (failure != null) {
            t.replyTo().tell(new StorageFailed(t.zxid(), failure));
            return this;
        }
        try {
            log.truncateAfter(t.zxid());
            t.replyTo().tell(new Truncated(log.lastZxid()));
        } catch (IOException | RuntimeException e) {
            fail("truncation after zxid 0x" + Long.toHexString(t.zxid()) + " failed: " + e.getMessage(), e);
            t.replyTo().tell(new StorageFailed(t.zxid(), failure));
        }
        return this;
    }

    private Behavior<Command> onRead(ReadFrom r) {
        if (failure != null) {
            r.replyTo().tell(new StorageFailed(r.afterZxid(), failure));
            return this;
        }
        List<LogEntry> out = new ArrayList<>();
        boolean end = true;
        try (LogCursor c = log.readFrom(r.afterZxid())) {
            LogEntry e;
            while ((e = c.next()) != null) {
                if (out.size() == r.max()) {
                    end = false;
                    break;
                }
                out.add(e);
            }
        } catch (IOException | RuntimeException e) {
            // A damaged record found while reading is as bad as one found at startup.
            fail("reading after zxid 0x" + Long.toHexString(r.afterZxid()) + " failed: " + e.getMessage(), e);
            r.replyTo().tell(new StorageFailed(r.afterZxid(), failure));
            return this;
        }
        r.replyTo().tell(new Entries(List.copyOf(out), end));
        return this;
    }

    private Behavior<Command> onStop() {
        // Appends not yet synced were never acknowledged, but they were written: their fate is decided at the next start.
        pending.forEach((replyTo, zxid) -> replyTo.tell(new OutcomeUnknown(zxid, "storage stopped")));
        pending.clear();
        return this;
    }
}
