package io.warden.persistence.log;

import java.util.zip.CRC32;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of one entry inside a Chronicle document: zxid (8), payload length (4), payload, CRC32 (4) of the zxid
 * and the payload. Chronicle frames documents but does not checksum them; this CRC is what tells a torn or flipped
 * record from a good one.
 */
final class RecordCodec {
    static final int OVERHEAD = 8 + 4 + 4;

    private RecordCodec() {
    }

    static void write(Bytes<?> out, long zxid, byte[] payload) {
        out.writeLong(zxid);
        out.writeInt(payload.length);
        out.write(payload);
        out.writeInt(crc(zxid, payload));
    }

    static int crc(long zxid, byte[] payload) {
        CRC32 crc = new CRC32();
        byte[] z = new byte[8];
        for (int i = 0; i < 8; i++) {
            z[i] = (byte) (zxid >>> (56 - 8 * i));
        }
        crc.update(z);
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** A decoded record, or why it could not be decoded ({@code entry == null}). */
    record Decoded(LogEntry entry, long claimedZxid, String problem) {
    }

    static Decoded read(Bytes<?> in) {
        long remaining = in.readRemaining();
        if (remaining < OVERHEAD) {
            return new Decoded(null, -1, "record of " + remaining + " bytes is shorter than its header");
        }
        long zxid = in.readLong();
        int len = in.readInt();
        if (len < 0 || len != remaining - OVERHEAD) {
            return new Decoded(null, zxid, "payload length " + len + " does not fit a record of " + remaining
                    + " bytes");
        }
        byte[] payload = new byte[len];
        in.read(payload);
        int stored = in.readInt();
        int actual = crc(zxid, payload);
        if (stored != actual) {
            return new Decoded(null, zxid, String.format("CRC mismatch (stored %08x, computed %08x)", stored, actual));
        }
        return new Decoded(new LogEntry(zxid, payload), zxid, null);
    }
}
