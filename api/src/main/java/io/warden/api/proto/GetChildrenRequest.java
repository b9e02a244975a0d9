// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code GetChildrenRequest}, byte-compatible with ZooKeeper's. */
public record GetChildrenRequest(String path, boolean watch) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 5;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static GetChildrenRequest read(JuteInput in) {
        return new GetChildrenRequest(in.readString(), in.readBool());
    }
}
