package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Digests are on disk (snapshots) and compared across servers, so the hash of given bytes must never change. */
class Hash64Test {
    /** The definition: eight bytes at a time as a little-endian word, then the tail, byte by byte. */
    private static long reference(byte[] b) {
        final long p1 = 0x9E3779B185EBCA87L;
        final long p2 = 0xC2B2AE3D27D4EB4FL;
        long h = b.length * p2;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long w = 0;
            for (int k = 7; k >= 0; k--) {
                w = w << 8 | (b[i + k] & 0xffL);
            }
            h = Long.rotateLeft(h ^ (w * p1), 31) * p2;
        }
        long tail = 0;
        for (int shift = 0; i < b.length; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return Hash64.mix(Long.rotateLeft(h ^ (tail * p1), 31) * p2 ^ b.length);
    }

    @Test
    void bytesHashAsDefinedForEveryLengthAndByteValue() {
        Random random = new Random(42);
        for (int length = 0; length <= 70; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] b = new byte[length];
                random.nextBytes(b);
                assertEquals(reference(b), Hash64.bytes(b), "length " + length);
            }
        }
    }

    @Test
    void knownValuesStayTheSame() {
        // Computed by the byte-by-byte implementation that wrote the first snapshots.
        assertEquals(0x5bd1e9955bd1e995L, Hash64.bytes(null));
        assertEquals(0L, Hash64.bytes(new byte[0]));
        assertEquals(0xfb0664b492812f63L, Hash64.string("/zookeeper/quota"));
        assertEquals(0x4fedcdd2ef5c657bL, Hash64.string("/recovery/p999/c999999"));
        assertNotEquals(Hash64.bytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), Hash64.bytes(new byte[] {9, 2, 3, 4, 5, 6, 7, 8, 1}));
    }
}
