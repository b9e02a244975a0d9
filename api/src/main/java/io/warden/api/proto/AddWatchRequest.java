// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code AddWatchRequest}, byte-compatible with ZooKeeper's. */
public record AddWatchRequest(String path, int mode) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 8;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(mode);
    }

    public static AddWatchRequest read(JuteInput in) {
        return new AddWatchRequest(in.readString(), in.readInt());
    }
}
