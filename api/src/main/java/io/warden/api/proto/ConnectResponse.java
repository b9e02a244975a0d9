// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code ConnectResponse}, byte-compatible with ZooKeeper's. */
public record ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[] passwd) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 20;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(protocolVersion);
        out.writeInt(timeOut);
        out.writeLong(sessionId);
        out.writeBuffer(passwd);
    }

    public static ConnectResponse read(JuteInput in) {
        return new ConnectResponse(in.readInt(), in.readInt(), in.readLong(), in.readBuffer());
    }
}
