// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code MultiHeader}, byte-compatible with ZooKeeper's. */
public record MultiHeader(int type, boolean done, int err) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 9;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeBool(done);
        out.writeInt(err);
    }

    public static MultiHeader read(JuteInput in) {
        return new MultiHeader(in.readInt(), in.readBool(), in.readInt());
    }
}
