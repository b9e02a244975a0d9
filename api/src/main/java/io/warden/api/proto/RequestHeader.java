// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code RequestHeader}, byte-compatible with ZooKeeper's. */
public record RequestHeader(int xid, int type) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 8;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(xid);
        out.writeInt(type);
    }

    public static RequestHeader read(JuteInput in) {
        return new RequestHeader(in.readInt(), in.readInt());
    }
}
