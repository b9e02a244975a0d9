package io.warden.persistence.log;

import static io.warden.persistence.log.LogFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnLogTest {
    @TempDir
    Path dir;

    static final LogOptions OPTS = LogOptions.defaults();

    static List<LogEntry> readAll(TxnLog log, long after) throws IOException {
        List<LogEntry> out = new ArrayList<>();
        try (LogCursor c = log.readFrom(after)) {
            LogEntry e;
            while ((e = c.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    static List<Long> zxids(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::zxid).toList();
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            l.add(z);
        }
        return l;
    }

    static void appendRange(TxnLog log, long from, long to) throws IOException {
        for (long z = from; z <= to; z++) {
            log.append(z, payload(z));
        }
    }

    @Test
    void entriesSurviveReopenAndReadFromSkipsOlderOnes() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(0, log.lastZxid());
            appendRange(log, 1, 100);
            log.sync();
            assertEquals(100, log.lastZxid());
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(100, log.lastZxid());
            assertEquals(1, log.firstZxid());
            List<LogEntry> all = readAll(log, 0);
            assertEquals(range(1, 100), zxids(all));
            for (LogEntry e : all) {
                assertArrayEquals(payload(e.zxid()), e.payload());
            }
            assertEquals(range(51, 100), zxids(readAll(log, 50)));
            assertEquals(List.of(), zxids(readAll(log, 100)));
        }
    }

    @Test
    void readFromFindsTheFirstNewerEntryWhereverItIsAndWhateverTheGaps() throws IOException {
        List<Long> written = new ArrayList<>();
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            for (long z = 10; z <= 500; z += 10) {
                log.append(z, payload(z));
                written.add(z);
            }
            log.sync();
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            // A second segment, after a jump like a new epoch's.
            for (long z = 1000; z < 1050; z++) {
                log.append(z, payload(z));
                written.add(z);
            }
            log.sync();
            for (long after = 0; after <= 1060; after++) {
                long a = after;
                List<Long> expected = written.stream().filter(z -> z > a).toList();
                List<LogEntry> read = readAll(log, after);
                assertEquals(expected, zxids(read), "after " + after);
                for (LogEntry e : read) {
                    assertArrayEquals(payload(e.zxid()), e.payload());
                }
            }
        }
    }

    @Test
    void zxidsMustIncrease() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            log.append(5, payload(5));
            assertThrows(IllegalArgumentException.class, () -> log.append(5, payload(5)));
            assertThrows(IllegalArgumentException.class, () -> log.append(4, payload(4)));
            log.append(6, new byte[0]);
            assertEquals(List.of(5L, 6L), zxids(readAll(log, 0)));
            assertEquals(0, readAll(log, 5).get(0).payload().length);
        }
    }

    @Test
    void eachOpenWritesANewSegmentAndReadsCrossThem() throws IOException {
        for (int round = 0; round < 3; round++) {
            try (TxnLog log = TxnLog.open(dir, OPTS)) {
                assertEquals(round * 10L, log.lastZxid());
                appendRange(log, round * 10L + 1, round * 10L + 10);
                log.sync();
            }
        }
        assertEquals(3, LogFiles.segments(dir).size());
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 30), zxids(readAll(log, 0)));
            assertEquals(range(16, 30), zxids(readAll(log, 15)));
            assertThrows(IllegalArgumentException.class, () -> log.append(30, payload(30)));
        }
    }

    @Test
    void aCursorSeesOnlyWhatWasAppendedWhenItBegan() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 5);
            try (LogCursor c = log.readFrom(0)) {
                appendRange(log, 6, 8);
                List<Long> seen = new ArrayList<>();
                LogEntry e;
                while ((e = c.next()) != null) {
                    seen.add(e.zxid());
                }
                assertEquals(range(1, 5), seen);
            }
            assertEquals(range(1, 8), zxids(readAll(log, 0)));
        }
    }

    @Test
    void aCrashWithoutCloseKeepsSyncedEntries() throws IOException {
        ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS);
        appendRange(log, 1, 20);
        log.sync();
        log.crash();
        try (TxnLog reopened = TxnLog.open(dir, OPTS)) {
            assertEquals(20, reopened.lastZxid());
            appendRange(reopened, 21, 25);
            reopened.sync();
            assertEquals(range(1, 25), zxids(readAll(reopened, 0)));
        }
        try (TxnLog reopened = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 25), zxids(readAll(reopened, 0)));
        }
    }

    @Test
    void truncateAfterDropsNewerEntriesDurably() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 10);
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 11, 20);
            log.sync();
            log.truncateAfter(25); // nothing above 20: no-op
            assertEquals(20, log.lastZxid());
            log.truncateAfter(7); // cuts into the first segment, drops the second
            assertEquals(7, log.lastZxid());
            assertEquals(range(1, 7), zxids(readAll(log, 0)));
            log.append(8, new byte[] {42});
            log.sync();
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            List<LogEntry> all = readAll(log, 0);
            assertEquals(range(1, 8), zxids(all));
            assertArrayEquals(new byte[] {42}, all.get(7).payload());
            log.truncateAfter(0);
            assertEquals(0, log.lastZxid());
            assertEquals(List.of(), readAll(log, 0));
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(0, log.lastZxid());
            assertEquals(0, LogFiles.segments(dir).size());
        }
    }

    @Test
    void truncateAfterInsideTheSegmentBeingWritten() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 10);
            log.truncateAfter(4);
            appendRange(log, 5, 6);
            log.sync();
            assertEquals(range(1, 6), zxids(readAll(log, 0)));
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 6), zxids(readAll(log, 0)));
        }
    }

    @Test
    void truncateRefusesWhileACursorIsOpen() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 3);
            try (LogCursor c = log.readFrom(0)) {
                assertThrows(IllegalStateException.class, () -> log.truncateAfter(1));
            }
            log.truncateAfter(1);
            assertEquals(1, log.lastZxid());
        }
    }

    @Test
    void purgeDeletesWholeCyclesAndSegmentsBelowTheZxid() throws IOException {
        SetTimeProvider time = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        LogOptions opts = OPTS.withRollCycle(TestRollCycles.TEST_SECONDLY).withTimeProvider(time);
        try (TxnLog log = TxnLog.open(dir, opts)) {
            appendRange(log, 1, 5);
        }
        try (TxnLog log = TxnLog.open(dir, opts)) {
            time.advanceMillis(1000);
            appendRange(log, 6, 10);
            time.advanceMillis(1000);
            appendRange(log, 11, 15);
            time.advanceMillis(1000);
            appendRange(log, 16, 20);
            log.sync();
            assertEquals(3, LogFiles.cycleFiles(LogFiles.segments(dir).get(1)).size());

            log.purgeBefore(12); // the first segment and the cycle of 6..10 go; 11..15 holds 12 and newer
            assertEquals(1, LogFiles.segments(dir).size());
            assertEquals(2, LogFiles.cycleFiles(LogFiles.segments(dir).get(0)).size());
            assertEquals(11, log.firstZxid());
            assertEquals(range(11, 20), zxids(readAll(log, 0)));

            log.purgeBefore(1000); // the newest cycle always stays
            assertEquals(range(16, 20), zxids(readAll(log, 0)));
            assertEquals(20, log.lastZxid());
            time.advanceMillis(1000);
            appendRange(log, 21, 22);
            log.sync();
        }
        try (TxnLog log = TxnLog.open(dir, opts)) {
            assertEquals(range(16, 22), zxids(readAll(log, 0)));
            assertEquals(range(21, 22), zxids(readAll(log, 20)));
        }
    }

    @Test
    void purgeInsideASealedSegmentLeavesItReadableAfterReopen() throws IOException {
        SetTimeProvider time = new SetTimeProvider(1_700_000_000_000L * 1_000_000L);
        LogOptions opts = OPTS.withRollCycle(TestRollCycles.TEST_SECONDLY).withTimeProvider(time);
        try (TxnLog log = TxnLog.open(dir, opts)) {
            for (long z = 1; z <= 30; z++) {
                log.append(z, payload(z));
                if (z % 10 == 0) {
                    time.advanceMillis(1000);
                }
            }
        }
        try (TxnLog log = TxnLog.open(dir, opts)) {
            appendRange(log, 31, 35);
            log.sync();
            log.purgeBefore(15); // the sealed segment loses its first cycle only
            assertEquals(2, LogFiles.cycleFiles(LogFiles.segments(dir).get(0)).size());
            assertEquals(range(11, 35), zxids(readAll(log, 0)));
        }
        try (TxnLog log = TxnLog.open(dir, opts)) {
            assertEquals(11, log.firstZxid());
            assertEquals(range(11, 35), zxids(readAll(log, 0)));
            assertEquals(range(26, 35), zxids(readAll(log, 25)));
            log.purgeBefore(32); // the whole first segment goes
            assertEquals(1, LogFiles.segments(dir).size());
            assertEquals(range(31, 35), zxids(readAll(log, 0)));
        }
    }

    @Test
    void syncWithNothingNewForcesNothing() throws IOException {
        AtomicInteger forces = new AtomicInteger();
        try (ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS)) {
            log.forcer(ch -> forces.incrementAndGet());
            log.sync();
            log.append(1, payload(1));
            log.sync();
            log.sync();
            assertEquals(1, forces.get());
        }
    }

    @Test
    void aFailedSyncRefusesEverythingUntilReopened() throws IOException {
        ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS);
        appendRange(log, 1, 3);
        log.sync();
        log.forcer(ch -> {
            throw new IOException("No space left on device");
        });
        log.append(4, payload(4));
        IOException e = assertThrows(IOException.class, log::sync);
        assertTrue(e instanceof LogFailedException, e.toString());
        assertThrows(LogFailedException.class, () -> log.append(5, payload(5)));
        assertThrows(LogFailedException.class, log::sync);
        log.close();
        try (TxnLog reopened = TxnLog.open(dir, OPTS)) {
            // The entry whose sync failed may or may not have reached the disk; here the page cache kept it.
            assertEquals(range(1, 4), zxids(readAll(reopened, 0)));
            reopened.append(5, payload(5));
            reopened.sync();
        }
    }

    @Test
    void forceSyncOffWarnsAndNeverForces() throws IOException {
        AtomicInteger forces = new AtomicInteger();
        try (io.warden.persistence.LogCapture capture = new io.warden.persistence.LogCapture("io.warden.persistence")) {
            ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS.withForceSync(false));
            log.forcer(ch -> forces.incrementAndGet());
            appendRange(log, 1, 3);
            log.sync();
            log.close();
            assertTrue(capture.warnings().stream().anyMatch(w -> w.contains("forceSync is off")),
                    capture.warnings().toString());
        }
        assertEquals(0, forces.get());
        AtomicInteger forcesOn = new AtomicInteger();
        ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS);
        log.forcer(ch -> forcesOn.incrementAndGet());
        log.append(4, payload(4));
        log.sync();
        log.close();
        assertEquals(1, forcesOn.get());
        try (TxnLog reopened = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 4), zxids(readAll(reopened, 0)));
        }
    }

    @Test
    void closedLogRefusesUse() throws IOException {
        TxnLog log = TxnLog.open(dir, OPTS);
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(1, payload(1)));
        assertThrows(IllegalStateException.class, () -> log.readFrom(0));
        log.close();
    }

    @Test
    void emptyLogReadsNothing() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(0, log.firstZxid());
            try (LogCursor c = log.readFrom(0)) {
                assertNull(c.next());
            }
            log.sync();
        }
    }
}
