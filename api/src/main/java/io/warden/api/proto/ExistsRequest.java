// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code ExistsRequest}, byte-compatible with ZooKeeper's. */
public record ExistsRequest(String path, boolean watch) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 5;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static ExistsRequest read(JuteInput in) {
        return new ExistsRequest(in.readString(), in.readBool());
    }
}
