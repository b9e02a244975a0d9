// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code AuthPacket}, byte-compatible with ZooKeeper's. */
public record AuthPacket(int type, String scheme, byte[] auth) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 12;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeString(scheme);
        out.writeBuffer(auth);
    }

    public static AuthPacket read(JuteInput in) {
        return new AuthPacket(in.readInt(), in.readString(), in.readBuffer());
    }
}
