package io.warden.persistence.log;

import io.warden.persistence.FileSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The seal of a segment: the Chronicle index and zxid of its last valid entry. A sealed segment is never written
 * again; records after the sealed index (a torn tail, or entries removed by truncation) are ignored. The file is
 * replaced atomically, so a crash leaves either the old seal or the new one.
 */
record SegmentSeal(long lastIndex, long lastZxid) {
    static final String FILE = "seal";
    private static final int MAGIC = 0x5753454C; // "WSEL"
    private static final int SIZE = 4 + 8 + 8 + 4;

    static Optional<SegmentSeal> read(Path segmentDir) throws IOException {
        Path file = segmentDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] raw = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(raw);
        if (raw.length != SIZE || buf.getInt() != MAGIC) {
            throw new LogCorruptedException(file, -1, 0, "seal file is not a seal (" + raw.length + " bytes)");
        }
        long index = buf.getLong();
        long zxid = buf.getLong();
        int stored = buf.getInt();
        if (stored != crc(raw)) {
            throw new LogCorruptedException(file, -1, SIZE - 4, "seal file CRC mismatch");
        }
        return Optional.of(new SegmentSeal(index, zxid));
    }

    void write(Path segmentDir) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        buf.putInt(MAGIC).putLong(lastIndex).putLong(lastZxid).putInt(0);
        byte[] raw = buf.array();
        ByteBuffer.wrap(raw).putInt(SIZE - 4, crc(raw));
        FileSync.writeAtomically(segmentDir.resolve(FILE), raw);
    }

    private static int crc(byte[] raw) {
        CRC32 crc = new CRC32();
        crc.update(raw, 0, SIZE - 4);
        return (int) crc.getValue();
    }
}
