package io.warden.persistence.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Drives the journal with Pekko's own journal protocol, as a persistent actor (and Pekko's plugin TCK) does. */
class WardenJournalTest {
    @TempDir
    Path dir;
    private final List<ActorSystem> systems = new ArrayList<>();

    static Config config(Path dir) {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.persistence.journal.plugin = "warden.journal"
                pekko.persistence.snapshot-store.plugin = "warden.snapshot-store"
                warden.journal { class = "io.warden.persistence.pekko.WardenJournal", dir = "%s" }
                warden.snapshot-store { class = "io.warden.persistence.pekko.WardenSnapshotStore", dir = "%s" }
                """.formatted(dir.resolve("journal"), dir.resolve("snapshots")));
    }

    private ActorSystem system() {
        ActorSystem s = ActorSystem.create("journal-test", config(dir));
        systems.add(s);
        return s;
    }

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            TestKit.shutdownActorSystem(s);
        }
    }

    private static PersistentRepr repr(String pid, long seq) {
        return PersistentRepr.apply("event-" + seq, seq, pid, "", false, ActorRef.noSender(), "writer-1");
    }

    private static AtomicWrite atomic(String pid, long from, long to) {
        List<PersistentRepr> l = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            l.add(repr(pid, s));
        }
        return AtomicWrite.apply(CollectionConverters.asScala(l).toList());
    }

    private static void write(ActorRef journal, TestKit probe, AtomicWrite... writes) {
        List<PersistentEnvelope> envelopes = List.of(writes);
        journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(),
                probe.getRef(), 1), probe.getRef());
        probe.expectMsgClass(JournalProtocol.WriteMessagesSuccessful$.class);
        int n = 0;
        for (AtomicWrite w : writes) {
            n += w.size();
        }
        for (int i = 0; i < n; i++) {
            probe.expectMsgClass(JournalProtocol.WriteMessageSuccess.class);
        }
    }

    /** Replays and returns the payloads seen, checking the highest sequence number reported. */
    private static List<Object> replay(ActorRef journal, TestKit probe, String pid, long from, long to, long max,
                                       long expectedHighest) {
        journal.tell(new JournalProtocol.ReplayMessages(from, to, max, pid, probe.getRef()), probe.getRef());
        List<Object> seen = new ArrayList<>();
        while (true) {
            Object m = probe.expectMsgAnyClassOf(Duration.ofSeconds(10), JournalProtocol.ReplayedMessage.class,
                    JournalProtocol.RecoverySuccess.class);
            if (m instanceof JournalProtocol.ReplayedMessage r) {
                assertEquals(pid, r.persistent().persistenceId());
                assertEquals("event-" + r.persistent().sequenceNr(), r.persistent().payload());
                seen.add(r.persistent().payload());
            } else {
                assertEquals(expectedHighest, ((JournalProtocol.RecoverySuccess) m).highestSequenceNr());
                return seen;
            }
        }
    }

    @Test
    void writesReplayFromASequenceNumberAndReportTheHighest() {
        ActorSystem system = system();
        TestKit probe = new TestKit(system);
        ActorRef journal = Persistence.get(system).journalFor("", ConfigFactory.empty());
        write(journal, probe, atomic("a", 1, 3), atomic("b", 1, 1), atomic("a", 4, 5));
        assertEquals(List.of("event-1", "event-2", "event-3", "event-4", "event-5"),
                replay(journal, probe, "a", 1, Long.MAX_VALUE, Long.MAX_VALUE, 5));
        assertEquals(List.of("event-3", "event-4", "event-5"),
                replay(journal, probe, "a", 3, Long.MAX_VALUE, Long.MAX_VALUE, 5));
        assertEquals(List.of("event-2", "event-3"), replay(journal, probe, "a", 2, 4, 2, 5));
        assertEquals(List.of("event-1"), replay(journal, probe, "b", 1, Long.MAX_VALUE, Long.MAX_VALUE, 1));
        assertEquals(List.of(), replay(journal, probe, "nobody", 1, Long.MAX_VALUE, Long.MAX_VALUE, 0));
    }

    @Test
    void deleteUpToHidesEntriesButKeepsTheHighestSequenceNumber() {
        ActorSystem system = system();
        TestKit probe = new TestKit(system);
        ActorRef journal = Persistence.get(system).journalFor("", ConfigFactory.empty());
        write(journal, probe, atomic("a", 1, 5));
        journal.tell(new JournalProtocol.DeleteMessagesTo("a", 3, probe.getRef()), probe.getRef());
        assertEquals(3, probe.expectMsgClass(DeleteMessagesSuccess.class).toSequenceNr());
        assertEquals(List.of("event-4", "event-5"),
                replay(journal, probe, "a", 1, Long.MAX_VALUE, Long.MAX_VALUE, 5));
        journal.tell(new JournalProtocol.DeleteMessagesTo("a", Long.MAX_VALUE, probe.getRef()), probe.getRef());
        probe.expectMsgClass(DeleteMessagesSuccess.class);
        assertEquals(List.of(), replay(journal, probe, "a", 1, Long.MAX_VALUE, Long.MAX_VALUE, 5));
        write(journal, probe, atomic("a", 6, 6));
        assertEquals(List.of("event-6"), replay(journal, probe, "a", 1, Long.MAX_VALUE, Long.MAX_VALUE, 6));
    }

    @Test
    void everythingSurvivesARestart() {
        ActorSystem first = system();
        TestKit probe1 = new TestKit(first);
        ActorRef journal1 = Persistence.get(first).journalFor("", ConfigFactory.empty());
        write(journal1, probe1, atomic("a", 1, 4), atomic("my/odd id*", 1, 2));
        journal1.tell(new JournalProtocol.DeleteMessagesTo("a", 2, probe1.getRef()), probe1.getRef());
        probe1.expectMsgClass(DeleteMessagesSuccess.class);
        TestKit.shutdownActorSystem(first);

        ActorSystem second = system();
        TestKit probe = new TestKit(second);
        ActorRef journal = Persistence.get(second).journalFor("", ConfigFactory.empty());
        assertEquals(List.of("event-3", "event-4"),
                replay(journal, probe, "a", 1, Long.MAX_VALUE, Long.MAX_VALUE, 4));
        assertEquals(List.of("event-1", "event-2"),
                replay(journal, probe, "my/odd id*", 1, Long.MAX_VALUE, Long.MAX_VALUE, 2));
    }

    @Test
    void anUnserializablePayloadIsRejectedNotFatal() {
        ActorSystem system = system();
        TestKit probe = new TestKit(system);
        ActorRef journal = Persistence.get(system).journalFor("", ConfigFactory.empty());
        PersistentRepr bad = PersistentRepr.apply(new Object(), 1, "c", "", false, ActorRef.noSender(), "w");
        List<PersistentEnvelope> envelopes = List.of(AtomicWrite.apply(bad));
        journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(),
                probe.getRef(), 1), probe.getRef());
        probe.expectMsgClass(JournalProtocol.WriteMessagesSuccessful$.class);
        assertInstanceOf(JournalProtocol.WriteMessageRejected.class, probe.receiveOne(Duration.ofSeconds(10)));
        write(journal, probe, atomic("c", 1, 1));
        assertEquals(List.of("event-1"), replay(journal, probe, "c", 1, Long.MAX_VALUE, Long.MAX_VALUE, 1));
    }
}
