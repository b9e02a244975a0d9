// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code CheckWatchesRequest}, byte-compatible with ZooKeeper's. */
public record CheckWatchesRequest(String path, int type) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 8;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeInt(type);
    }

    public static CheckWatchesRequest read(JuteInput in) {
        return new CheckWatchesRequest(in.readString(), in.readInt());
    }
}
