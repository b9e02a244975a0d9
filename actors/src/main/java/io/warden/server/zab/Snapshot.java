package io.warden.server.zab;

import java.util.Arrays;

/** A serialized committed state: every txn up to and including {@code zxid} applied. The bytes are opaque to Zab. */
public record Snapshot(long zxid, byte[] data) {
    public Snapshot {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.zxid == zxid && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(zxid) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Snapshot[zxid=0x" + Long.toHexString(zxid) + ", " + data.length + " bytes]";
    }
}
