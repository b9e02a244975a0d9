package io.warden.persistence.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.persistence.LogCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    static byte[] content(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }

    @Test
    void writesUnderTheZxidInHexAndReadsBack() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        assertEquals(Optional.empty(), store.loadNewestValid());
        Path f = store.write(0x1_0000_00ffL, content("tree at 1/ff"));
        assertEquals("snapshot.1000000ff", f.getFileName().toString());
        store.write(0x20, content("older"));
        Snapshot s = store.loadNewestValid().orElseThrow();
        assertEquals(0x1_0000_00ffL, s.zxid());
        assertArrayEquals(content("tree at 1/ff"), s.content());
        assertEquals(f, s.file());
        assertEquals(List.of(0x1_0000_00ffL, 0x20L), store.list().stream().map(SnapshotFile::zxid).toList());
        assertFalse(Files.exists(dir.resolve("snapshot.1000000ff.tmp")));
    }

    @Test
    void emptyContentIsAValidSnapshot() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(1, new byte[0]);
        assertEquals(0, store.loadNewestValid().orElseThrow().content().length);
    }

    @Test
    void aCorruptNewestIsSkippedWithAWarning() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(10, content("ten"));
        Path newest = store.write(20, content("twenty"));
        flip(newest, SnapshotStore.HEADER + 2);
        try (LogCapture capture = new LogCapture("io.warden.persistence.snapshot")) {
            Snapshot s = store.loadNewestValid().orElseThrow();
            assertEquals(10, s.zxid());
            assertArrayEquals(content("ten"), s.content());
            assertEquals(1, capture.warnings().size());
            assertTrue(capture.warnings().get(0).contains(newest.toString()), capture.warnings().toString());
        }
    }

    @Test
    void noValidSnapshotThrowsNamingTheNewestFileAndOffset() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Path old = store.write(10, content("ten"));
        Path newest = store.write(20, content("twenty"));
        Files.write(old, new byte[] {1, 2, 3}); // shorter than a header
        flip(newest, SnapshotStore.HEADER + 1); // content byte: CRC fails
        SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class, store::loadNewestValid);
        assertEquals(newest, e.file());
        assertEquals(Files.size(newest) - 4, e.offset());
        assertTrue(e.getMessage().contains(newest.toString()) && e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void eachHeaderFieldIsChecked() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Path f = store.write(5, content("five"));
        byte[] good = Files.readAllBytes(f);
        long[][] cases = {{0, 0}, {4, 4}, {8 + 7, 8}, {16 + 7, 16}};
        for (long[] c : cases) {
            Files.write(f, good);
            flip(f, c[0]);
            SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class,
                    () -> SnapshotStore.load(new SnapshotFile(5, f)));
            assertEquals(c[1], e.offset(), e.getMessage());
        }
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 2)); // torn write
        assertThrows(SnapshotCorruptedException.class, () -> SnapshotStore.load(new SnapshotFile(5, f)));
    }

    @Test
    void leftoverTempFilesAreRemovedAndIgnored() throws IOException {
        Files.write(dir.resolve("snapshot.30.tmp"), content("half"));
        Files.write(dir.resolve("unrelated.txt"), content("x"));
        SnapshotStore store = new SnapshotStore(dir);
        assertFalse(Files.exists(dir.resolve("snapshot.30.tmp")));
        assertEquals(List.of(), store.list());
        assertTrue(Files.exists(dir.resolve("unrelated.txt")));
    }

    @Test
    void purgeKeepsTheNewest() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        for (long z = 1; z <= 5; z++) {
            store.write(z * 0x100, content("s" + z));
        }
        assertEquals(2, store.purge(3));
        assertEquals(List.of(0x500L, 0x400L, 0x300L), store.list().stream().map(SnapshotFile::zxid).toList());
        assertEquals(0, store.purge(3));
        assertThrows(IllegalArgumentException.class, () -> store.purge(0));
    }
}
