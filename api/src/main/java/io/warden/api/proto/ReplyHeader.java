// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code ReplyHeader}, byte-compatible with ZooKeeper's. */
public record ReplyHeader(int xid, long zxid, int err) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 16;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(xid);
        out.writeLong(zxid);
        out.writeInt(err);
    }

    public static ReplyHeader read(JuteInput in) {
        return new ReplyHeader(in.readInt(), in.readLong(), in.readInt());
    }
}
