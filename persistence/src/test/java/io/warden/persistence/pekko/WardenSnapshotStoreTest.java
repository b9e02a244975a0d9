package io.warden.persistence.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.DeleteSnapshotSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WardenSnapshotStoreTest {
    @TempDir
    Path dir;
    private final List<ActorSystem> systems = new ArrayList<>();

    private ActorSystem system() {
        ActorSystem s = ActorSystem.create("snapshot-test", WardenJournalTest.config(dir));
        systems.add(s);
        return s;
    }

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            TestKit.shutdownActorSystem(s);
        }
    }

    /** Saves; the store stamps the snapshot with the time of saving, which it returns. */
    private static SnapshotMetadata save(ActorRef store, TestKit probe, String pid, long seq) {
        store.tell(new SnapshotProtocol.SaveSnapshot(SnapshotMetadata.apply(pid, seq, 0), "state-" + seq),
                probe.getRef());
        SnapshotMetadata md = probe.expectMsgClass(SaveSnapshotSuccess.class).metadata();
        assertEquals(seq, md.sequenceNr());
        return md;
    }

    private static SelectedSnapshot load(ActorRef store, TestKit probe, String pid, SnapshotSelectionCriteria c) {
        store.tell(new SnapshotProtocol.LoadSnapshot(pid, c, Long.MAX_VALUE), probe.getRef());
        SnapshotProtocol.LoadSnapshotResult r = probe.expectMsgClass(SnapshotProtocol.LoadSnapshotResult.class);
        return r.snapshot().isDefined() ? r.snapshot().get() : null;
    }

    @Test
    void savesLoadsByCriteriaAndDeletes() {
        ActorSystem system = system();
        TestKit probe = new TestKit(system);
        ActorRef store = Persistence.get(system).snapshotStoreFor("", ConfigFactory.empty());
        SnapshotMetadata first = save(store, probe, "a", 10);
        save(store, probe, "a", 20);
        SnapshotMetadata last = save(store, probe, "a", 30);
        SelectedSnapshot latest = load(store, probe, "a", SnapshotSelectionCriteria.latest());
        assertEquals("state-30", latest.snapshot());
        assertEquals(last, latest.metadata());
        assertEquals("state-20", load(store, probe, "a", SnapshotSelectionCriteria.create(25, Long.MAX_VALUE))
                .snapshot());
        assertEquals("state-10", load(store, probe, "a", SnapshotSelectionCriteria.create(15, first.timestamp()))
                .snapshot());
        assertEquals(null, load(store, probe, "a",
                SnapshotSelectionCriteria.create(Long.MAX_VALUE, first.timestamp() - 1)));
        assertEquals(null, load(store, probe, "nobody", SnapshotSelectionCriteria.latest()));

        store.tell(new SnapshotProtocol.DeleteSnapshot(last), probe.getRef());
        probe.expectMsgClass(DeleteSnapshotSuccess.class);
        assertEquals("state-20", load(store, probe, "a", SnapshotSelectionCriteria.latest()).snapshot());
        store.tell(new SnapshotProtocol.DeleteSnapshots("a", SnapshotSelectionCriteria.create(20, Long.MAX_VALUE)),
                probe.getRef());
        probe.expectMsgClass(DeleteSnapshotsSuccess.class);
        assertEquals(null, load(store, probe, "a", SnapshotSelectionCriteria.latest()));
    }

    @Test
    void aCorruptSnapshotFallsBackToAnOlderOneAcrossARestart() throws Exception {
        ActorSystem first = system();
        TestKit probe1 = new TestKit(first);
        ActorRef store1 = Persistence.get(first).snapshotStoreFor("", ConfigFactory.empty());
        save(store1, probe1, "a", 1);
        save(store1, probe1, "a", 2);
        TestKit.shutdownActorSystem(first);
        Path newest;
        try (Stream<Path> s = Files.walk(dir.resolve("snapshots"))) {
            newest = s.filter(p -> p.getFileName().toString().equals("snapshot.2")).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(newest.toFile(), "rw")) {
            raf.seek(raf.length() - 6);
            raf.write(0x5A);
        }
        ActorSystem second = system();
        TestKit probe = new TestKit(second);
        ActorRef store = Persistence.get(second).snapshotStoreFor("", ConfigFactory.empty());
        SelectedSnapshot s = load(store, probe, "a", SnapshotSelectionCriteria.latest());
        assertTrue(s != null);
        assertEquals("state-1", s.snapshot());
    }
}
