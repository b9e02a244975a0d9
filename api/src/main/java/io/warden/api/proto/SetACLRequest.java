// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.ACL;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code SetACLRequest}, byte-compatible with ZooKeeper's. */
public record SetACLRequest(String path, List<ACL> acl, int version) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 12;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeRecords(acl);
        out.writeInt(version);
    }

    public static SetACLRequest read(JuteInput in) {
        return new SetACLRequest(in.readString(), in.readRecords(ACL::read, 12), in.readInt());
    }
}
