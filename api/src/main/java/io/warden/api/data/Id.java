// Record shape as in ZooKeeper's zookeeper.jute (module data).
package io.warden.api.data;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code Id}, byte-compatible with ZooKeeper's. */
public record Id(String scheme, String id) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 8;

    @Override
    public void write(JuteOutput out) {
        out.writeString(scheme);
        out.writeString(id);
    }

    public static Id read(JuteInput in) {
        return new Id(in.readString(), in.readString());
    }
}
