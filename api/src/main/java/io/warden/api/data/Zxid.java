package io.warden.api.data;

/** A zxid is (epoch << 32) | counter. */
public final class Zxid {
    private Zxid() {
    }

    public static long of(int epoch, long counter) {
        return ((long) epoch << 32) | (counter & 0xffffffffL);
    }

    public static int epoch(long zxid) {
        return (int) (zxid >>> 32);
    }

    public static long counter(long zxid) {
        return zxid & 0xffffffffL;
    }

    public static String toHex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
