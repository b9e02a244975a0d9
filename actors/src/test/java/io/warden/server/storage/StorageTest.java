package io.warden.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
    static final Config CONFIG = ConfigFactory.parseResources("warden-storage.conf")
            .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"));
    static final ActorTestKit testKit = ActorTestKit.create("storage-test", CONFIG);

    @TempDir
    Path dir;
    private ScriptedLog log;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private ActorRef<Storage.Command> storage() throws IOException {
        log = new ScriptedLog(TxnLog.open(dir, LogOptions.defaults()));
        return testKit.spawn(Storage.create(log), DispatcherSelector.fromConfig("warden.storage-dispatcher"));
    }

    private static byte[] entry(long zxid) {
        return new byte[] {(byte) zxid, 1, 2, 3};
    }

    private static void await(java.util.concurrent.CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    }

    @Test
    void anAppendIsAnsweredOnlyAfterItsSync() throws Exception {
        ActorRef<Storage.Command> storage = storage();
        TestProbe<Storage.Event> probe = testKit.createTestProbe();
        log.holdNextSync();
        storage.tell(new Storage.Append(1, entry(1), probe.getRef()));
        await(log.syncStarted);
        probe.expectNoMessage(Duration.ofMillis(200)); // the sync is held: nothing may be acknowledged
        assertEquals(0, log.durableUpTo.get());
        log.release();
        probe.expectMessage(new Storage.Logged(1));
        assertEquals(1, log.durableUpTo.get());
    }

    @Test
    void appendsArrivingDuringASyncShareTheNextOne() throws Exception {
        ActorRef<Storage.Command> storage = storage();
        TestProbe<Storage.Event> a = testKit.createTestProbe();
        TestProbe<Storage.Event> b = testKit.createTestProbe();
        log.holdNextSync();
        storage.tell(new Storage.Append(1, entry(1), a.getRef()));
        await(log.syncStarted);
        for (long z = 2; z <= 101; z++) {
            storage.tell(new Storage.Append(z, entry(z), (z % 2 == 0 ? a : b).getRef()));
        }
        log.release();
        a.expectMessage(new Storage.Logged(1));
        a.expectMessage(new Storage.Logged(100));
        b.expectMessage(new Storage.Logged(101));
        assertEquals(2, log.syncs.get(), "101 appends, one sync for the first and one for the 100 queued behind it");
        assertEquals(101, log.durableUpTo.get());
        a.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void manyWritersGetFewerSyncsThanAppends() throws Exception {
        ActorRef<Storage.Command> storage = storage();
        int writers = 8;
        int perWriter = 200;
        List<TestProbe<Storage.Event>> probes = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            probes.add(testKit.createTestProbe());
        }
        // The first append's sync is held until every other append is in the mailbox, so the batching does not
        // depend on how fast this thread sends compared with the actor.
        log.holdNextSync();
        long zxid = 0;
        for (int round = 0; round < perWriter; round++) {
            for (TestProbe<Storage.Event> p : probes) {
                storage.tell(new Storage.Append(++zxid, entry(zxid), p.getRef()));
                if (zxid == 1) {
                    await(log.syncStarted);
                }
            }
        }
        log.release();
        long last = zxid;
        for (int i = 0; i < writers; i++) {
            long expectedLast = last - (writers - 1 - i);
            TestProbe<Storage.Event> p = probes.get(i);
            long seen = 0;
            while (seen < expectedLast) {
                Storage.Logged l = p.expectMessageClass(Storage.Logged.class, Duration.ofSeconds(10));
                assertTrue(l.zxid() > seen, "Logged zxids grow");
                assertTrue(log.durableUpTo.get() >= l.zxid(), "acknowledged before durable");
                seen = l.zxid();
            }
            assertEquals(expectedLast, seen);
        }
        assertEquals(2, log.syncs.get(), "1600 appends: one sync for the first, one for the rest");
        try (var c = log.readFrom(0)) {
            long n = 0;
            while (c.next() != null) {
                n++;
            }
            assertEquals(last, n);
        }
    }

    @Test
    void aFailedSyncLeavesThePendingUnknownAndRefusesEveryLaterRequest() throws Exception {
        ActorRef<Storage.Command> storage = storage();
        TestProbe<Storage.Event> a = testKit.createTestProbe();
        TestProbe<Storage.Event> b = testKit.createTestProbe();
        storage.tell(new Storage.Append(1, entry(1), a.getRef()));
        a.expectMessage(new Storage.Logged(1));

        log.failSyncWith = new IOException("No space left on device");
        log.holdNextSync();
        storage.tell(new Storage.Append(2, entry(2), a.getRef()));
        await(log.syncStarted);
        storage.tell(new Storage.Append(3, entry(3), b.getRef())); // queued behind the failing sync
        log.release();
        // Appended but not known to be durable: neither failed nor done.
        Storage.OutcomeUnknown unknown = a.expectMessageClass(Storage.OutcomeUnknown.class);
        assertEquals(2, unknown.zxid());
        assertTrue(unknown.reason().contains("No space left on device"), unknown.reason());
        // Arrived after the failure: never appended, so definitely refused.
        assertEquals(3, b.expectMessageClass(Storage.StorageFailed.class).zxid());

        storage.tell(new Storage.Append(4, entry(4), a.getRef()));
        assertEquals(4, a.expectMessageClass(Storage.StorageFailed.class).zxid());
        storage.tell(new Storage.TruncateAfter(1, a.getRef()));
        a.expectMessageClass(Storage.StorageFailed.class);
        storage.tell(new Storage.ReadFrom(0, 10, a.getRef()));
        a.expectMessageClass(Storage.StorageFailed.class);
        assertEquals(1, log.durableUpTo.get());
    }

    @Test
    void truncateFlushesFirstThenDropsAndReadsPage() throws Exception {
        ActorRef<Storage.Command> storage = storage();
        TestProbe<Storage.Event> p = testKit.createTestProbe();
        for (long z = 1; z <= 10; z++) {
            storage.tell(new Storage.Append(z, entry(z), p.getRef()));
        }
        storage.tell(new Storage.TruncateAfter(5, p.getRef()));
        long seen = 0;
        while (seen < 10) {
            seen = p.expectMessageClass(Storage.Logged.class).zxid();
        }
        p.expectMessage(new Storage.Truncated(5));
        storage.tell(new Storage.ReadFrom(0, 3, p.getRef()));
        Storage.Entries first = p.expectMessageClass(Storage.Entries.class);
        assertEquals(List.of(1L, 2L, 3L), first.entries().stream().map(LogEntry::zxid).toList());
        assertEquals(false, first.end());
        storage.tell(new Storage.ReadFrom(3, 3, p.getRef()));
        Storage.Entries second = p.expectMessageClass(Storage.Entries.class);
        assertEquals(List.of(4L, 5L), second.entries().stream().map(LogEntry::zxid).toList());
        assertEquals(true, second.end());
        storage.tell(new Storage.Append(6, entry(6), p.getRef()));
        p.expectMessage(new Storage.Logged(6));
    }
}
