// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code SetSASLRequest}, byte-compatible with ZooKeeper's. */
public record SetSASLRequest(byte[] token) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 4;

    @Override
    public void write(JuteOutput out) {
        out.writeBuffer(token);
    }

    public static SetSASLRequest read(JuteInput in) {
        return new SetSASLRequest(in.readBuffer());
    }
}
