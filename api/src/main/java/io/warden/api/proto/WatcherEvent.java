// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code WatcherEvent}, byte-compatible with ZooKeeper's. */
public record WatcherEvent(int type, int state, String path) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 12;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(type);
        out.writeInt(state);
        out.writeString(path);
    }

    public static WatcherEvent read(JuteInput in) {
        return new WatcherEvent(in.readInt(), in.readInt(), in.readString());
    }
}
