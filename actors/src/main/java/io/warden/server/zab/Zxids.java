package io.warden.server.zab;

/** Zxid arithmetic with epochs as longs: (epoch << 32) | counter. */
final class Zxids {
    static final long MAX_COUNTER = 0xffffffffL;

    private Zxids() {
    }

    static long make(long epoch, long counter) {
        return (epoch << 32) | (counter & MAX_COUNTER);
    }

    static long epoch(long zxid) {
        return zxid >>> 32;
    }

    static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
