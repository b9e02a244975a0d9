package io.warden.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.persistence.Purger;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autopurge.purgeInterval: the writer purges when it starts and then once per interval (manual time), never after
 * each snapshot, and keeps snapRetainCount snapshots with the log entries recovery from the oldest of them needs.
 */
class AutoPurgeTest {
    static final ActorTestKit testKit = ActorTestKit.create("auto-purge-test",
            ManualTime.config().withFallback(StorageTest.CONFIG));
    static final ManualTime manualTime = ManualTime.get(testKit.system());

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void purgesAtStartAndOncePerInterval() throws Exception {
        SetTimeProvider time = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        SnapshotStore store = new SnapshotStore(dir.resolve("snap"));
        // Ten log cycles of ten entries (1..100); snapshots at 10, 20, 30, 40 before the server starts.
        try (TxnLog log = TxnLog.open(dir.resolve("log"),
                LogOptions.defaults().withRollCycle(TestRollCycles.TEST_SECONDLY).withTimeProvider(time))) {
            for (long z = 1; z <= 100; z++) {
                log.append(z, new byte[] {(byte) z});
                if (z % 10 == 0) {
                    time.advanceMillis(1000);
                    if (z <= 40) {
                        store.write(z, new byte[] {(byte) z});
                    }
                }
            }
            log.sync();
            ActorRef<SnapshotWriter.Command> writer = testKit.spawn(
                    SnapshotWriter.create(store, Optional.of(new SnapshotWriter.AutoPurge(new Purger(store, log, 3),
                            Duration.ofHours(1)))),
                    DispatcherSelector.fromConfig("warden.snapshot-dispatcher"));
            TestProbe<SnapshotWriter.Result> probe = testKit.createTestProbe();

            // The purge at start ran before the first write: 10 went, and the log before 20.
            write(writer, probe, 50);
            assertEquals(List.of(50L, 40L, 30L, 20L), zxids(store), "no purge after a snapshot");
            assertEquals(21, log.firstZxid());

            manualTime.timePasses(Duration.ofMinutes(59));
            write(writer, probe, 60);
            assertEquals(List.of(60L, 50L, 40L, 30L, 20L), zxids(store), "no purge before the interval");
            assertEquals(21, log.firstZxid());

            manualTime.timePasses(Duration.ofMinutes(1));
            write(writer, probe, 70);
            assertEquals(List.of(70L, 60L, 50L, 40L), zxids(store), "purged at the interval, then 70 written");
            assertEquals(41, log.firstZxid(), "recovery from snapshot 40 needs 41 on");

            manualTime.timePasses(Duration.ofHours(1));
            write(writer, probe, 80);
            assertEquals(List.of(80L, 70L, 60L, 50L), zxids(store), "and again an interval later");
            assertEquals(51, log.firstZxid());
        }
    }

    /** A write's answer comes after every message sent to the writer before it, timer messages included. */
    private static void write(ActorRef<SnapshotWriter.Command> writer, TestProbe<SnapshotWriter.Result> probe, long zxid) {
        writer.tell(new SnapshotWriter.Write(zxid, new byte[] {(byte) zxid}, probe.getRef()));
        assertEquals(zxid, probe.expectMessageClass(SnapshotWriter.Written.class).zxid());
    }

    private static List<Long> zxids(SnapshotStore s) throws IOException {
        return s.list().stream().map(SnapshotFile::zxid).toList();
    }
}
