package io.warden.server.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A fast 64-bit non-cryptographic hash for tree digests. Node digests are summed, so equal trees give equal
 * sums in any order and a different tree gives a different sum with overwhelming probability.
 */
final class Hash64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    /** Eight bytes as one little-endian long in one load (the JIT's intrinsic), not eight loads and shifts. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Hash64() {
    }

    /** splitmix64's finaliser: a bijective full-avalanche mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Folds one more value into a running hash; order matters. */
    static long add(long h, long v) {
        return Long.rotateLeft(h ^ mix(v + P1), 27) * P2 + P1;
    }

    static long bytes(byte[] b) {
        if (b == null) {
            return 0x5bd1e9955bd1e995L;
        }
        long h = b.length * P2;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long w = (long) LONG_LE.get(b, i);
            h = Long.rotateLeft(h ^ (w * P1), 31) * P2;
        }
        long tail = 0;
        for (int shift = 0; i < b.length; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return mix(Long.rotateLeft(h ^ (tail * P1), 31) * P2 ^ b.length);
    }

    static long string(String s) {
        return s == null ? 0x27d4eb2f165667c5L : bytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
