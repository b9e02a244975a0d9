package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The epochs actor on the real journal and snapshot store, each "restart" a fresh actor system on the same
 * directory, as a server restart is.
 */
class EpochsTest {
    private static final Config CONFIG = ConfigFactory.parseString("pekko.loglevel = WARNING")
            .withFallback(ConfigFactory.load());

    @TempDir
    Path dir;

    /** Runs {@code body} in an actor system of its own, shut down afterwards like a stopped server's. */
    private static void inSystem(Consumer<ActorTestKit> body) {
        ActorTestKit kit = ActorTestKit.create("epochs-test", CONFIG);
        try {
            body.accept(kit);
        } finally {
            kit.shutdownTestKit();
        }
    }

    private ActorRef<Epochs.Command> start(ActorTestKit kit) {
        return kit.spawn(Epochs.create(Epochs.plugins(dir, true)), "epochs");
    }

    private static Epochs.Promises get(ActorTestKit kit, ActorRef<Epochs.Command> epochs) {
        TestProbe<Epochs.Promises> probe = kit.createTestProbe();
        epochs.tell(new Epochs.Get(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private static Epochs.Outcome raiseAccepted(ActorTestKit kit, ActorRef<Epochs.Command> epochs, long epoch) {
        TestProbe<Epochs.Outcome> probe = kit.createTestProbe();
        epochs.tell(new Epochs.RaiseAccepted(epoch, probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    private static Epochs.Outcome raiseCurrent(ActorTestKit kit, ActorRef<Epochs.Command> epochs, long epoch) {
        TestProbe<Epochs.Outcome> probe = kit.createTestProbe();
        epochs.tell(new Epochs.RaiseCurrent(epoch, probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    @Test
    void raisesAreConfirmedAndSurviveARestart() {
        inSystem(kit -> {
            ActorRef<Epochs.Command> epochs = start(kit);
            assertEquals(Epochs.Promises.NONE, get(kit, epochs));
            assertEquals(new Epochs.Saved(new Epochs.Promises(3, 0)), raiseAccepted(kit, epochs, 3));
            assertEquals(new Epochs.Saved(new Epochs.Promises(3, 3)), raiseCurrent(kit, epochs, 3));
            assertEquals(new Epochs.Saved(new Epochs.Promises(4, 3)), raiseAccepted(kit, epochs, 4));
        });
        inSystem(kit -> assertEquals(new Epochs.Promises(4, 3), get(kit, start(kit))));
    }

    @Test
    void anEpochIsNeverLowered() {
        inSystem(kit -> {
            ActorRef<Epochs.Command> epochs = start(kit);
            raiseAccepted(kit, epochs, 5);
            raiseCurrent(kit, epochs, 5);
            assertEquals(new Epochs.Saved(new Epochs.Promises(5, 5)), raiseAccepted(kit, epochs, 5));
            assertInstanceOf(Epochs.Refused.class, raiseAccepted(kit, epochs, 4));
            assertInstanceOf(Epochs.Refused.class, raiseCurrent(kit, epochs, 2));
            assertEquals(new Epochs.Promises(5, 5), get(kit, epochs));
        });
        inSystem(kit -> assertEquals(new Epochs.Promises(5, 5), get(kit, start(kit))));
    }

    @Test
    void snapshotsLetTheJournalDropOldEvents() {
        int raises = 3 * Epochs.SNAPSHOT_EVERY;
        inSystem(kit -> {
            ActorRef<Epochs.Command> epochs = start(kit);
            for (long e = 1; e <= raises; e++) {
                assertInstanceOf(Epochs.Saved.class, raiseAccepted(kit, epochs, e));
            }
            // Two snapshots are kept, so the events before the older of them go.
            long keptFrom = raises - 2L * Epochs.SNAPSHOT_EVERY + 1;
            TestProbe<Object> probe = kit.createTestProbe();
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                assertEquals(keptFrom, replay(kit).get(0));
                return null;
            });
            assertEquals(raises, replay(kit).get(replay(kit).size() - 1));
        });
        inSystem(kit -> assertEquals(new Epochs.Promises(raises, 0), get(kit, start(kit))));
        // The older events are gone for good, not merely skipped: recovery starts from a snapshot.
        inSystem(kit -> assertTrue(replay(kit).get(0) > 1));
    }

    /** The sequence numbers the journal still replays for the epochs, through Pekko's own journal protocol. */
    private List<Long> replay(ActorTestKit kit) {
        TestProbe<Object> probe = kit.createTestProbe();
        org.apache.pekko.actor.ActorRef journal = Persistence.get(Adapter.toClassic(kit.system()))
                .journalFor(Epochs.JOURNAL, Epochs.plugins(dir, true));
        journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, Epochs.PERSISTENCE_ID,
                Adapter.toClassic(probe.getRef())), Adapter.toClassic(probe.getRef()));
        List<Long> seen = new ArrayList<>();
        while (true) {
            Object m = probe.receiveMessage(Duration.ofSeconds(10));
            if (m instanceof JournalProtocol.ReplayedMessage r) {
                seen.add(r.persistent().sequenceNr());
            } else {
                assertInstanceOf(JournalProtocol.RecoverySuccess.class, m);
                return seen;
            }
        }
    }

    @Test
    void aFailedWriteIsNeverConfirmedAndStopsTheActor() {
        inSystem(kit -> {
            ActorRef<Epochs.Command> epochs = kit.spawn(Epochs.create(
                    Epochs.plugins(FailingJournal.class.getName(), dir, true)), "epochs");
            assertEquals(Epochs.Promises.NONE, get(kit, epochs));
            TestProbe<Epochs.Outcome> replies = kit.createTestProbe();
            TestProbe<Object> watcher = kit.createTestProbe();
            epochs.tell(new Epochs.RaiseAccepted(7, replies.getRef()));
            watcher.expectTerminated(epochs, Duration.ofSeconds(10));
            replies.expectNoMessage(Duration.ofMillis(100));
        });
    }

    @Test
    void theEpochsOfAnOlderReleaseAreAdoptedOnce() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("epochs"), "6 5\n", StandardCharsets.US_ASCII);
        Optional<Epochs.Promises> legacy = LegacyEpochFile.setAside(dir);
        assertEquals(Optional.of(new Epochs.Promises(6, 5)), legacy);
        assertFalse(Files.isRegularFile(dir.resolve("epochs")));
        // A crash before the old epochs are adopted: the next start finds them aside and adopts them then.
        assertEquals(legacy, LegacyEpochFile.setAside(dir));
        Path epochsDir = LegacyEpochFile.epochsDir(dir);
        inSystem(kit -> {
            ActorRef<Epochs.Command> epochs = kit.spawn(Epochs.create(Epochs.plugins(epochsDir, true)), "epochs");
            TestProbe<Epochs.Promises> probe = kit.createTestProbe();
            epochs.tell(new Epochs.Adopt(legacy.orElseThrow(), probe.getRef()));
            assertEquals(new Epochs.Promises(6, 5), probe.receiveMessage(Duration.ofSeconds(10)));
            // Adopting again (the file's deletion did not happen) changes nothing, and never lowers.
            epochs.tell(new Epochs.Adopt(new Epochs.Promises(1, 1), probe.getRef()));
            assertEquals(new Epochs.Promises(6, 5), probe.receiveMessage(Duration.ofSeconds(10)));
            raiseAccepted(kit, epochs, 7);
        });
        LegacyEpochFile.adopted(dir);
        assertEquals(Optional.empty(), LegacyEpochFile.setAside(dir));
        inSystem(kit -> assertEquals(new Epochs.Promises(7, 5),
                get(kit, kit.spawn(Epochs.create(Epochs.plugins(epochsDir, true)), "epochs"))));
    }
}
