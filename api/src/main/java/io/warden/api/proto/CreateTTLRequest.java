// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.ACL;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code CreateTTLRequest}, byte-compatible with ZooKeeper's. */
public record CreateTTLRequest(String path, byte[] data, List<ACL> acl, int flags, long ttl) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 24;

    @Override
    public void write(JuteOutput out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeRecords(acl);
        out.writeInt(flags);
        out.writeLong(ttl);
    }

    public static CreateTTLRequest read(JuteInput in) {
        return new CreateTTLRequest(in.readString(), in.readBuffer(), in.readRecords(ACL::read, 12), in.readInt(), in.readLong());
    }
}
