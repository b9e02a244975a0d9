package io.warden.server.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
    static final ActorTestKit testKit = ActorTestKit.create("snapshot-writer-test", StorageTest.CONFIG);

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void writesDurablyAndNeverPurgesWithoutAnAutopurge() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snap"));
        ActorRef<SnapshotWriter.Command> writer = testKit.spawn(SnapshotWriter.create(store, Optional.empty()),
                DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
        TestProbe<SnapshotWriter.Result> probe = testKit.createTestProbe();
        for (long z = 1; z <= 5; z++) {
            writer.tell(new SnapshotWriter.Write(z, new byte[] {(byte) z, 9}, probe.getRef()));
            SnapshotWriter.Written w = probe.expectMessageClass(SnapshotWriter.Written.class);
            assertEquals(z, w.zxid());
            assertEquals(store.directory().resolve("snapshot." + z), w.file());
        }
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), store.list().stream().map(SnapshotFile::zxid).toList());
        assertArrayEquals(new byte[] {5, 9}, store.loadNewestValid().orElseThrow().content());
    }

    @Test
    void theContentIsMadeOnTheWritersThreadAndReleasedWhateverTheOutcome() throws Exception {
        Path snapDir = dir.resolve("snap");
        SnapshotStore store = new SnapshotStore(snapDir);
        ActorRef<SnapshotWriter.Command> writer = testKit.spawn(SnapshotWriter.create(store, Optional.empty()),
                DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
        TestProbe<SnapshotWriter.Result> probe = testKit.createTestProbe();
        TestProbe<String> finished = testKit.createTestProbe();
        writer.tell(new SnapshotWriter.Write(3, () -> new byte[] {3}, probe.getRef(), () -> finished.getRef().tell("3")));
        probe.expectMessageClass(SnapshotWriter.Written.class);
        finished.expectMessage("3");
        writer.tell(new SnapshotWriter.Write(4, () -> {
            throw new IllegalStateException("image released");
        }, probe.getRef(), () -> finished.getRef().tell("4")));
        assertEquals(4, probe.expectMessageClass(SnapshotWriter.WriteFailed.class).zxid());
        finished.expectMessage("4");
        assertEquals(List.of(3L), store.list().stream().map(SnapshotFile::zxid).toList());
    }

    @Test
    void aFailedWriteIsReportedAndTheWriterGoesOn() throws Exception {
        Path snapDir = dir.resolve("snap");
        SnapshotStore store = new SnapshotStore(snapDir);
        ActorRef<SnapshotWriter.Command> writer = testKit.spawn(SnapshotWriter.create(store, Optional.empty()),
                DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
        TestProbe<SnapshotWriter.Result> probe = testKit.createTestProbe();
        Files.delete(snapDir);
        Files.writeString(snapDir, "not a directory");
        writer.tell(new SnapshotWriter.Write(7, new byte[] {1}, probe.getRef()));
        assertEquals(7, probe.expectMessageClass(SnapshotWriter.WriteFailed.class).zxid());
        Files.delete(snapDir);
        Files.createDirectory(snapDir);
        writer.tell(new SnapshotWriter.Write(8, new byte[] {1}, probe.getRef()));
        assertEquals(8, probe.expectMessageClass(SnapshotWriter.Written.class).zxid());
    }
}
