package io.warden.persistence.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the journal does to the disk before it confirms a write: the log underneath is watched (and broken) by a
 * wrapper, so the order of appends, syncs and confirmations can be checked.
 */
class WardenJournalDurabilityTest {
    /** What the disk saw, in order: "append pid seq" and "sync pid". */
    static final List<String> disk = Collections.synchronizedList(new ArrayList<>());
    static volatile boolean syncFails;
    /** Generous: the first write opens a Chronicle queue, slow on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The real journal on a watched log. */
    public static final class WatchedJournal extends WardenJournal {
        public WatchedJournal(Config config) throws java.io.NotSerializableException {
            super(config);
        }

        @Override
        protected TxnLog openLog(Path dir, LogOptions options) throws IOException {
            return new WatchedLog(super.openLog(dir, options), dir.getParent().getFileName().toString());
        }
    }

    private record WatchedLog(TxnLog log, String pid) implements TxnLog {
        @Override
        public void append(long zxid, byte[] payload) throws IOException {
            log.append(zxid, payload);
            disk.add("append " + pid + " " + zxid);
        }

        @Override
        public void sync() throws IOException {
            if (syncFails) {
                throw new IOException("Input/output error");
            }
            log.sync();
            disk.add("sync " + pid);
        }

        @Override
        public long lastZxid() {
            return log.lastZxid();
        }

        @Override
        public long firstZxid() {
            return log.firstZxid();
        }

        @Override
        public LogCursor readFrom(long afterZxid) throws IOException {
            return log.readFrom(afterZxid);
        }

        @Override
        public void truncateAfter(long zxid) throws IOException {
            log.truncateAfter(zxid);
        }

        @Override
        public void purgeBefore(long zxid) throws IOException {
            log.purgeBefore(zxid);
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }

    @TempDir
    Path dir;
    private ActorSystem system;
    private TestKit probe;
    private ActorRef journal;

    @BeforeEach
    void start() {
        disk.clear();
        syncFails = false;
        system = ActorSystem.create("durability-test", ConfigFactory.parseString(
                "warden.journal.class = \"" + WatchedJournal.class.getName() + "\"").withFallback(
                WardenJournalTest.config(dir)));
        probe = new TestKit(system);
        journal = Persistence.get(system).journalFor("", ConfigFactory.empty());
    }

    @AfterEach
    void stop() {
        TestKit.shutdownActorSystem(system);
    }

    private static AtomicWrite atomic(String pid, long from, long to) {
        List<PersistentRepr> l = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            l.add(PersistentRepr.apply("event-" + s, s, pid, "", false, ActorRef.noSender(), "writer-1"));
        }
        return AtomicWrite.apply(CollectionConverters.asScala(l).toList());
    }

    private void send(AtomicWrite... writes) {
        List<PersistentEnvelope> envelopes = List.of(writes);
        journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(),
                probe.getRef(), 1), probe.getRef());
    }

    /** The disk's story at the moment each confirmation arrives. */
    private List<String> confirmations(int n) {
        probe.expectMsgClass(WAIT, JournalProtocol.WriteMessagesSuccessful$.class);
        List<String> seenAtFirst = List.copyOf(disk);
        for (int i = 0; i < n; i++) {
            probe.expectMsgClass(WAIT, JournalProtocol.WriteMessageSuccess.class);
        }
        return seenAtFirst;
    }

    @Test
    void aWriteIsConfirmedOnlyAfterItsEntriesAreSynced() {
        send(atomic("a", 1, 3));
        assertEquals(List.of("append p-a 1", "append p-a 2", "append p-a 3", "sync p-a"), confirmations(3));
        send(atomic("a", 4, 4));
        assertEquals(List.of("append p-a 1", "append p-a 2", "append p-a 3", "sync p-a", "append p-a 4", "sync p-a"),
                confirmations(1));
    }

    @Test
    void aBatchSharesOneSyncPerPersistenceId() {
        send(atomic("a", 1, 2), atomic("b", 1, 1), atomic("a", 3, 3));
        assertEquals(List.of("append p-a 1", "append p-a 2", "append p-b 1", "append p-a 3", "sync p-a", "sync p-b"),
                confirmations(4));
    }

    @Test
    void aFailedSyncIsReportedAsAFailedWriteNeverAsConfirmed() {
        syncFails = true;
        send(atomic("a", 1, 2));
        probe.expectMsgClass(WAIT, JournalProtocol.WriteMessagesFailed.class);
        assertInstanceOf(JournalProtocol.WriteMessageFailure.class, probe.receiveOne(WAIT));
        assertInstanceOf(JournalProtocol.WriteMessageFailure.class, probe.receiveOne(WAIT));
        assertEquals(List.of("append p-a 1", "append p-a 2"), List.copyOf(disk));
    }
}
