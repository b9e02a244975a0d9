package io.warden.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgerTest {
    @TempDir
    Path dir;

    private final SetTimeProvider time = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
    private final LogOptions opts = LogOptions.defaults().withRollCycle(TestRollCycles.TEST_SECONDLY)
            .withTimeProvider(time);

    /** Ten cycle files of ten entries each (1..100), and a snapshot at every 10th zxid from 20 on. */
    private TxnLog logWithSnapshots(SnapshotStore snaps) throws IOException {
        TxnLog log = TxnLog.open(dir.resolve("log"), opts);
        for (long z = 1; z <= 100; z++) {
            log.append(z, new byte[] {(byte) z});
            if (z % 10 == 0) {
                time.advanceMillis(1000);
                if (z >= 20) {
                    snaps.write(z, new byte[] {(byte) z});
                }
            }
        }
        log.sync();
        return log;
    }

    private static long firstReadable(TxnLog log) throws IOException {
        try (LogCursor c = log.readFrom(0)) {
            LogEntry e = c.next();
            return e == null ? 0 : e.zxid();
        }
    }

    private static List<Long> zxids(SnapshotStore s) throws IOException {
        return s.list().stream().map(SnapshotFile::zxid).toList();
    }

    @Test
    void keepsTheNewestSnapshotsAndTheLogAfterTheOldestKept() throws IOException {
        SnapshotStore snaps = new SnapshotStore(dir.resolve("snap"));
        try (TxnLog log = logWithSnapshots(snaps)) {
            Purger.Result r = new Purger(snaps, log, 3).purge();
            assertEquals(List.of(100L, 90L, 80L), zxids(snaps));
            assertEquals(6, r.snapshotsDeleted());
            assertEquals(80, r.logPurgedBefore());
            // Recovery from snapshot 80 needs 81..100; the cycle holding 71..80 went, 81.. stays.
            assertEquals(81, firstReadable(log));
            assertEquals(81, log.firstZxid());
        }
    }

    @Test
    void retainCountBelowThreeMeansThree() throws IOException {
        SnapshotStore snaps = new SnapshotStore(dir.resolve("snap"));
        try (TxnLog log = logWithSnapshots(snaps)) {
            Purger p = new Purger(snaps, log, 1);
            assertEquals(3, p.retainCount());
            p.purge();
            assertEquals(List.of(100L, 90L, 80L), zxids(snaps));
        }
    }

    @Test
    void corruptSnapshotsDoNotCountAsKept() throws IOException {
        SnapshotStore snaps = new SnapshotStore(dir.resolve("snap"));
        try (TxnLog log = logWithSnapshots(snaps)) {
            for (SnapshotFile f : snaps.list().subList(0, 2)) { // 100 and 90 are damaged
                try (RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "rw")) {
                    raf.seek(0);
                    raf.write(0);
                }
            }
            Purger.Result r = new Purger(snaps, log, 3).purge();
            assertEquals(List.of(100L, 90L, 80L, 70L, 60L), zxids(snaps));
            assertEquals(60, r.logPurgedBefore());
            assertEquals(61, firstReadable(log));
        }
    }

    @Test
    void tooFewValidSnapshotsDeleteNoSnapshot() throws IOException {
        SnapshotStore snaps = new SnapshotStore(dir.resolve("snap"));
        try (TxnLog log = TxnLog.open(dir.resolve("log"), opts)) {
            for (long z = 1; z <= 30; z++) {
                log.append(z, new byte[] {1});
                if (z % 10 == 0) {
                    time.advanceMillis(1000);
                }
            }
            log.sync();
            snaps.write(15, new byte[0]);
            snaps.write(25, new byte[0]);
            Purger.Result r = new Purger(snaps, log, 3).purge();
            assertEquals(0, r.snapshotsDeleted());
            assertEquals(List.of(25L, 15L), zxids(snaps));
            // The log still goes up to the oldest valid snapshot: the cycle of 1..10 is not needed, 11..20 is.
            assertEquals(15, r.logPurgedBefore());
            assertEquals(11, firstReadable(log));
        }
    }

    @Test
    void noSnapshotMeansNothingIsPurged() throws IOException {
        SnapshotStore snaps = new SnapshotStore(dir.resolve("snap"));
        try (TxnLog log = TxnLog.open(dir.resolve("log"), opts)) {
            log.append(1, new byte[0]);
            time.advanceMillis(1000);
            log.append(2, new byte[0]);
            assertEquals(new Purger.Result(0, 0), new Purger(snaps, log, 3).purge());
            assertEquals(1, firstReadable(log));
        }
    }
}
