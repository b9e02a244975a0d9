// Record shape as in ZooKeeper's zookeeper.jute (module data).
package io.warden.api.data;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code ACL}, byte-compatible with ZooKeeper's. */
public record ACL(int perms, Id id) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 12;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(perms);
        id.write(out);
    }

    public static ACL read(JuteInput in) {
        return new ACL(in.readInt(), Id.read(in));
    }
}
