// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code ConnectRequest}, byte-compatible with ZooKeeper's. */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId, byte[] passwd) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 28;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(protocolVersion);
        out.writeLong(lastZxidSeen);
        out.writeInt(timeOut);
        out.writeLong(sessionId);
        out.writeBuffer(passwd);
    }

    public static ConnectRequest read(JuteInput in) {
        return new ConnectRequest(in.readInt(), in.readLong(), in.readInt(), in.readLong(), in.readBuffer());
    }
}
