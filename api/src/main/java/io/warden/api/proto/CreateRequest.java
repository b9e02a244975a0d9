// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.ACL;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code CreateRequest}, byte-compatible with ZooKeeper's. */
public record CreateRequest(String path, byte[] data, List<ACL> acl, int flags) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 16;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeRecords(acl);
        out.writeInt(flags);
    }

    public static CreateRequest read(JuteInput in) {
        return new CreateRequest(in.readString(), in.readBuffer(), in.readRecords(ACL::read, 12), in.readInt());
    }
}
