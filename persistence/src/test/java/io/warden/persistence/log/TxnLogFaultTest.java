package io.warden.persistence.log;

import static io.warden.persistence.log.LogFiles.payload;
import static io.warden.persistence.log.TxnLogTest.appendRange;
import static io.warden.persistence.log.TxnLogTest.range;
import static io.warden.persistence.log.TxnLogTest.readAll;
import static io.warden.persistence.log.TxnLogTest.zxids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.persistence.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage a crash or a bad disk leaves in the Chronicle files, and what opening the log does with it. A record is
 * Chronicle's 4-byte header, then zxid (8), length (4), payload, CRC (4); the tests find a record by its payload.
 */
class TxnLogFaultTest {
    @TempDir
    Path dir;

    static final LogOptions OPTS = LogOptions.defaults();

    /** Writes 1..n and syncs, then stops as a killed process would: nothing sealed. */
    private Path crashAfterWriting(int n) throws IOException {
        ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS);
        appendRange(log, 1, n);
        log.sync();
        log.crash();
        return LogFiles.lastCycleFile(dir);
    }

    private void assertTornTailCut(Path file, long lastGood) throws IOException {
        try (LogCapture capture = new LogCapture("io.warden.persistence.log")) {
            try (TxnLog log = TxnLog.open(dir, OPTS)) {
                assertEquals(lastGood, log.lastZxid());
                assertEquals(range(1, lastGood), zxids(readAll(log, 0)));
                log.append(lastGood + 1, new byte[] {7});
                log.sync();
            }
            List<String> warnings = capture.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(file.toString()), warnings.get(0));
            assertTrue(warnings.get(0).contains("ends at zxid 0x" + Long.toHexString(lastGood)), warnings.get(0));
        }
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            List<LogEntry> all = readAll(log, 0);
            assertEquals(range(1, lastGood + 1), zxids(all));
            assertArrayEquals(new byte[] {7}, all.get(all.size() - 1).payload());
        }
    }

    @Test
    void fileTruncatedInsideTheLastRecordIsATornTail() throws IOException {
        Path file = crashAfterWriting(10);
        long last = LogFiles.find(file, payload(10));
        LogFiles.truncate(file, last + 5);
        assertTornTailCut(file, 9);
    }

    @Test
    void fileTruncatedByAFewBytesAtItsEndLosesNothing() throws IOException {
        // Chronicle preallocates its cycle files; the last bytes are not data yet.
        Path file = crashAfterWriting(10);
        LogFiles.truncate(file, Files.size(file) - 3);
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 10), zxids(readAll(log, 0)));
        }
    }

    @Test
    void zeroedTailIsATornTail() throws IOException {
        Path file = crashAfterWriting(10);
        long eighth = LogFiles.find(file, payload(8));
        LogFiles.zero(file, eighth + 10, 4096); // records 8, 9 and 10 damaged
        assertTornTailCut(file, 7);
    }

    @Test
    void zeroedHeaderOfTheLastRecordIsATornTail() throws IOException {
        // As if the crash came before the header reached the disk: Chronicle sees no record there.
        Path file = crashAfterWriting(10);
        long last = LogFiles.find(file, payload(10));
        LogFiles.zero(file, last - 16, 4);
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(9, log.lastZxid());
            log.append(10, new byte[] {1});
            log.sync();
        }
        // The appends after the damage must be readable: Chronicle itself would have hidden them.
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            assertEquals(range(1, 10), zxids(readAll(log, 0)));
        }
    }

    @Test
    void flippedByteInTheMiddleIsCorruption() throws IOException {
        Path file = crashAfterWriting(10);
        long fifth = LogFiles.find(file, payload(5));
        LogFiles.flip(file, fifth + 20);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> TxnLog.open(dir, OPTS));
        assertEquals(file, e.file());
        assertEquals(fifth - 16, e.offset());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void flippedByteInASealedSegmentIsCorruption() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 10);
        }
        Path file = LogFiles.lastCycleFile(dir);
        LogFiles.flip(file, LogFiles.find(file, payload(10)) + 1);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> TxnLog.open(dir, OPTS));
        assertEquals(file, e.file());
    }

    @Test
    void damagedHeaderInTheMiddleIsCorruption() throws IOException {
        Path file = crashAfterWriting(10);
        long fifth = LogFiles.find(file, payload(5));
        LogFiles.zero(file, fifth - 16, 4);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> TxnLog.open(dir, OPTS));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void damagedSealIsCorruption() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 3);
        }
        Path seal = LogFiles.segments(dir).get(0).resolve("seal");
        LogFiles.flip(seal, 6);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> TxnLog.open(dir, OPTS));
        assertEquals(seal, e.file());
    }

    @Test
    void aSegmentWhoseOnlyRecordIsTornDisappears() throws IOException {
        try (TxnLog log = TxnLog.open(dir, OPTS)) {
            appendRange(log, 1, 3);
        }
        ChronicleTxnLog log = ChronicleTxnLog.open(dir, OPTS);
        log.append(4, payload(4));
        log.sync();
        log.crash();
        Path file = LogFiles.lastCycleFile(dir);
        LogFiles.zero(file, LogFiles.find(file, payload(4)), 64);
        try (TxnLog reopened = TxnLog.open(dir, OPTS)) {
            assertEquals(3, reopened.lastZxid());
            assertEquals(1, LogFiles.segments(dir).size());
        }
    }
}
